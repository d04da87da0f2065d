/*
 * Rows that may outgrow memory (issue 17): held in memory up to a bound,
 * past it written to a private temporary file, and read back in chunks,
 * in the order they came, as many times as a fit needs. The file is made
 * in TMPDIR (else /tmp), mode 0600, and unlinked as soon as it is made,
 * so that nothing is left behind whatever ends the process.
 */
#ifndef CRAMPLOG_SPILL_H
#define CRAMPLOG_SPILL_H

#include <stddef.h>
#include <sys/types.h>

/* A private temporary file, open for reading and writing and already
 * unlinked: its descriptor, or -1 with "cannot make a temporary file in
 * DIR to PURPOSE ..." in why. */
int temp_file_open(const char *purpose, char *why, size_t whylen);

/* Writes n bytes of data at fd's offset, again where a signal or a short
 * write stopped it: 0, or -1 with errno set (ENOSPC when nothing more
 * could be written). */
int temp_file_write(int fd, const void *data, size_t n);

/* Rows of width doubles. */
struct row_spill {
	const char *what;           /* what the rows are, for messages */
	size_t width;
	size_t rows;                /* added */
	double *buf;                /* rows in memory, or a chunk */
	size_t held, cap;           /* rows in buf, and its room */
	size_t memory;              /* rows held before they are written */
	int fd;                     /* -1: all in memory */
	int reading;                /* rewound: no more rows are added */
	int no_file;                /* no file could be made: all kept */
	int failed;
	off_t at;                   /* the next chunk's place in the file */
	char why[320];
};

/* memory_bytes: rows held in memory before they go to a file, in chunks
 * of as many (the buffer, at most twice memory_bytes). Where no file can
 * be made they all stay in memory. Messages call them "the model's rows"
 * unless s->what is set after. */
void row_spill_init(struct row_spill *s, size_t width, size_t memory_bytes);
/* 0, or -1 when the file could not be written (row_spill_why). */
int row_spill_add(struct row_spill *s, const double *row);
/* Reads from the first row again (the first call ends the adding). 0 or
 * -1. */
int row_spill_rewind(struct row_spill *s);
/* The next chunk: 1 with *rows (count of them, width doubles each; good
 * until the next call), 0 after the last, -1 on an error. */
int row_spill_next(struct row_spill *s, const double **rows, size_t *count);
/* Rows first..first + count - 1 into out (count rows of width doubles),
 * once rewound (row_spill_rewind), whatever the chunks' place: 0, or -1
 * on an error. Several threads may read at once (pread, or a copy from
 * memory); the first failure is the one row_spill_why tells. */
int row_spill_read_at(struct row_spill *s, size_t first, size_t count,
		      double *out);
/* What failed. */
const char *row_spill_why(const struct row_spill *s);
void row_spill_release(struct row_spill *s);

/*
 * Values to be read in increasing order by their rank (a spline's knots
 * and quantiles, through struct stats_sorted): up to memory_bytes held
 * in memory; past it sorted in runs of as many into a temporary file,
 * merged there into one sorted file (in passes, when the runs are more
 * than the memory's buffers), then read through a window of as many
 * values. Where no file can be made they all stay in memory.
 */
struct value_sort {
	const char *what;           /* what the values are, for messages */
	size_t n;                   /* added */
	double *buf;                /* values in memory, a run, or the window */
	size_t held, cap;           /* values in buf, and its room */
	size_t memory;              /* values held at once (at least 4,096) */
	int fd;                     /* the values' file; -1: all in memory */
	int no_file;                /* no file could be made: all kept */
	int sorted;                 /* sorted: no more values are added */
	int failed;
	size_t from;                /* the window's first rank */
	char why[320];
};

void value_sort_init(struct value_sort *v, size_t memory_bytes);
/* 0, or -1 when the file could not be written (v->why). */
int value_sort_add(struct value_sort *v, double x);
/* Sorts the values added (no NaN): 0, or -1 (v->why). */
int value_sort_finish(struct value_sort *v);
/* The value of rank i (< v->n) once sorted (struct stats_sorted's at);
 * NaN with v->failed set when the file could not be read. */
double value_sort_at(void *v, size_t i);
void value_sort_release(struct value_sort *v);

#endif
