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
/* One text cell (quoted when it must be; empty for NULL), then sep. */
int csv_writer_text(FILE *fp, const char *s, char sep);
/* One number cell (up to six decimals, trailing zeros dropped; past 1e57
 * 17 significant digits; empty for NAN), then sep. */
int csv_writer_number(FILE *fp, double x, char sep);
/* A result's number cell (analyze, exposures): the fewest significant
 * digits, 15 to 17, that read back as the very same double ("61.2",
 * "2.8571428571428572", "8.6945475810754e-174"), so that a fit from the
 * file is cramplog's own; empty for NAN. */
int csv_writer_exact(FILE *fp, double x, char sep);
int csv_writer_header(FILE *fp, enum log_kind kind);
int csv_writer_training(FILE *fp, const struct training_row *row);
int csv_writer_hydration(FILE *fp, const struct hydration_row *row);
int csv_writer_diet(FILE *fp, const struct diet_row *row);

#endif
