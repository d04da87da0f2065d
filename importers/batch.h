/*
 * The importers' writer: rows checked by the reader wait in batches; a
 * batch is written in the order of the tables' keys, each athlete's rows
 * together (far fewer B-tree pages touched than in a file's date order),
 * sorted by the reader and written on a thread of its own while
 * the reader goes on with the next batch when there are two processors
 * (unless CRAMPLOG_THREADS=1), else in line. Either way the rows land in
 * the caller's transaction, and the counts are those of writing them one
 * by one in file order.
 */
#ifndef CRAMPLOG_BATCH_H
#define CRAMPLOG_BATCH_H

#include "diag.h"
#include "model.h"
#include "store.h"

#include <stddef.h>
#include <stdint.h>

union any_row {
	struct training_row training;
	struct hydration_row hydration;
	struct diet_row diet;
};

struct batch_writer;

/* Bytes of rows a batch holds: about 8,700 hydration rows (4,600 training
 * ones) for a file in date order, where an athlete's rows of a few days
 * already sit together; four times that for a file out of date order
 * written batch by batch (issue 17: a batch brings each page of the table
 * several rows at once). */
#define BATCH_BYTES_DATE_ORDER (1u << 20)
#define BATCH_BYTES_ANY_ORDER (4u << 20)
/* A file out of date order sorted whole (by_key below): each batch is a
 * run of the sort, so larger batches make fewer runs to merge. */
#define BATCH_BYTES_BY_KEY (4u << 20)
/* Bytes of read buffers the merge of the runs holds, and the least each
 * run gets: more runs than this allows are merged in several passes. */
#define BATCH_MERGE_BYTES (4u << 20)
#define BATCH_MERGE_LEAST (16u << 10)

struct batch_options {
	const char *name;      /* the file imported, for messages */
	size_t bytes;          /* of rows a batch holds (one of the above) */
	/* The file is written whole in the order of its keys, and the
	 * writer numbers the keys itself (the seq given to batch_writer_add
	 * is ignored): each full batch, sorted, goes to a run in a private
	 * temporary file (in TMPDIR, else /tmp), and at the end the runs
	 * are merged into the store. Only for files whose lines give one
	 * row each (with_previous never set). */
	int by_key;
	/* Runs merged at once at most; 0 for what BATCH_MERGE_BYTES allows
	 * (less to test the passes). */
	unsigned merge_ways;
	/* NULL, or called in the merge as each batch of it is handed to
	 * the writer, and at its end: done of total rows. */
	void (*merged)(uint64_t done, uint64_t total, void *arg);
	void *merged_arg;
};

/* A writer of rows for import import_id into st, whose transaction the
 * caller has begun (two batches are held, one filled while the other is
 * written). */
struct batch_writer *batch_writer_new(store *st, int64_t import_id,
				      const struct batch_options *o);

/* Queues a row of kind (its strings are copied; athlete names the
 * athlete, whom the file numbers number: the same number for the same
 * athlete, however the name is written), under key seq. with_previous:
 * the row comes from the same line as the row queued before it, and the
 * two count as one line. Returns 0, or -1 when a row could not be written
 * (batch_writer_finish says why). */
int batch_writer_add(struct batch_writer *w, enum log_kind kind,
		     const union any_row *row, int64_t number, unsigned seq,
		     int with_previous);

/* Writes what is queued (unless discard) and stops the writer; adds the
 * lines added, updated and unchanged to c and its errors to d; frees w.
 * Returns 0, -1 when a row could not be written, or BATCH_TEMP_FAILED
 * when the temporary file of a writer by_key could not be made, written
 * or read (the store is fine; nothing of the file was written). */
#define BATCH_TEMP_FAILED (-2)
int batch_writer_finish(struct batch_writer *w, int discard,
			struct import_counts *c, struct diag *d);

#endif
