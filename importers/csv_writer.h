/*
 * Writing the native log formats (the inverse of the native importer), for
 * the simulator and for tests: comma-separated, a header line, "\n" line
 * ends, RFC 4180 quoting. An unknown value is an empty cell.
 */
#ifndef CRAMPLOG_CSV_WRITER_H
#define CRAMPLOG_CSV_WRITER_H

#include "model.h"

#include <stdio.h>

/* Each returns 0, or -1 when writing to fp fails (errno tells why). */
int csv_writer_header(FILE *fp, enum log_kind kind);
int csv_writer_training(FILE *fp, const struct training_row *row);
int csv_writer_hydration(FILE *fp, const struct hydration_row *row);
int csv_writer_diet(FILE *fp, const struct diet_row *row);

#endif
