/*
 * Batches of checked rows, written in key order, on a second thread when
 * that helps. The reader fills one batch while the writer writes the
 * other; the two meet only in batch_writer_add's hand-over and in
 * batch_writer_finish, under one mutex. The writer owns the store from
 * the first hand-over to the end: the reader touches no database.
 *
 * The thread is kept (issue 14 point 8) where it pays: a file of more than
 * one batch, with a second processor. tests/bench/import_bench.sh's
 * 2,208,048 hydration rows with it and with CRAMPLOG_THREADS=1: 5.55 s
 * against 6.63 s on a quiet machine (2026-11-25: 19 % longer without);
 * 25.7 s against 31.4 s (22 %), 45.5 s against 53.1 s (17 %) and 52.6 s
 * against 54.2 s (3 %, every core busy with other work) in three runs on
 * 2 shared cores (2026-11-30). A file of one batch or less is written in
 * line, where a thread would only add its start.
 *
 * A writer by_key (a file out of date order, or standard input) sorts the
 * whole file: the reader sorts each full batch as always, the writer finds
 * its athletes' ids and appends it to a private temporary file as a run,
 * and at the end the reader merges the runs (in passes while there are
 * more than BATCH_MERGE_BYTES / BATCH_MERGE_LEAST), numbering each key's
 * rows in the file's order as they come, into batches that the writer
 * writes as they are. SQLite then appends each athlete's rows instead of
 * searching the whole table for each: the benchmark's 2.2 million rows
 * shuffled took 7.8 s against 10.8 to 12.4 s written batch by batch, and
 * 42 MiB against 65 MiB, once the key set below was no longer needed
 * (2026-12-01, docs/performance.md).
 */
#include "batch.h"
#include "config.h"
#include "spill.h"
#include "xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK_SIZE 65536

/* A row in a batch: this, then the row of its kind (struct
 * hydration_row, ...), each as large as its kind needs. */
struct pending {
	/* The file's number of the athlete (athlete_numbers.h) until the
	 * writer finds the store's id. */
	int64_t athlete_id;
	/* The key's seq; in a writer by_key, the file's number of the
	 * athlete until the merge numbers the keys (number_key). */
	unsigned seq;
	unsigned char kind;         /* enum log_kind */
	unsigned char with_previous;
	unsigned char outcome;      /* enum store_outcome, once written */
};

static size_t row_size(enum log_kind kind)
{
	return kind == KIND_TRAINING ? sizeof(struct training_row) :
	       kind == KIND_HYDRATION ? sizeof(struct hydration_row) :
	       sizeof(struct diet_row);
}

/* The bytes of a pending row of kind: the header, then its row. */
static size_t pending_size(enum log_kind kind)
{
	return (sizeof(struct pending) + row_size(kind) + 7) & ~(size_t)7;
}

/* The row that follows p, of p's kind. */
static void *pending_row(const struct pending *p)
{
	return (char *)p + sizeof(*p);
}
#define TRAINING(p) ((struct training_row *)pending_row(p))
#define HYDRATION(p) ((struct hydration_row *)pending_row(p))
#define DIET(p) ((struct diet_row *)pending_row(p))


/* Strings copied out of the reader's buffers, freed with the batch. */
struct block {
	struct block *next;
	size_t used, size;
	char data[];
};

struct batch {
	char *rows;                 /* pending rows, one after the other */
	size_t used;                /* bytes, a line's pair included */
	struct pending **order;     /* rows sorted by key */
	size_t n;
	struct block *blocks;
	/* Rows of the runs' merge: their athletes' ids found, their keys
	 * numbered, in key order already. */
	int merged;
	/* The file's last batch (a writer by_key that made no run writes
	 * it, the whole file, without one). */
	int last;
};

/* A run of the sort: its records at [start, end) of the run file. */
struct run {
	off_t start, end;
};

/* The runs of a writer by_key, in a private temporary file (unlinked once
 * made): each record a u32 of its bytes, the pending row as it is in a
 * batch, then each of its strings (copy_strings' order) as a u32 of its
 * bytes with the NUL (0: none) and those bytes. The row's string
 * pointers are set again when it is read; its source points to a
 * constant of this process, which alone reads the file. */
struct run_file {
	const char *name;           /* the file imported, for messages */
	int failed;                 /* the temporary file failed */
	int fd;                     /* -1 until the first run */
	char *buf;                  /* what waits to be written */
	size_t used;
	off_t size;                 /* bytes of the file, buf's included */
	struct run *runs;           /* in file order: ties go to the first */
	size_t n, cap;
};

#define RUN_WRITE_BYTES (256u << 10)

/* The previous key of the merge, to number the keys (seq) as the file's
 * order gives them. */
struct key_rank {
	int have;
	unsigned number, seq;
	unsigned char kind;
	model_date date;
	model_time time;
};

/* The store's ids of the file's athletes by their numbers, the last one
 * seen of each slot: a cache of the store's lookups by name. */
#define ID_SLOTS 4096

struct id_slot {
	int64_t number;             /* -1: empty */
	int64_t id;
};

struct batch_writer {
	store *st;
	int64_t import_id;
	struct id_slot ids[ID_SLOTS];   /* the writer's */
	struct batch batches[2];
	struct batch *fill;         /* the reader's */
	size_t bytes;               /* of rows a batch holds at most */
	size_t most;                /* bytes of the largest pending row */
	struct import_counts counts;
	struct diag d;
	int threaded;               /* a thread writes (once one started) */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *ready;        /* handed over, not yet written */
	int stop;
	int failed;
	int by_key;                 /* batch_options.by_key */
	unsigned merge_ways;
	void (*merged)(uint64_t done, uint64_t total, void *arg);
	void *merged_arg;
	uint64_t merged_rows;       /* rows of the runs, and merged so far */
	uint64_t merged_done;
	struct run_file runs;       /* the writer's until the merge */
	struct key_rank rank;
	struct diag merge_d;        /* the merge's errors (the reader's) */
};

static void batch_clear(struct batch *b)
{
	while (b->blocks) {
		struct block *next = b->blocks->next;

		free(b->blocks);
		b->blocks = next;
	}
	b->n = 0;
	b->used = 0;
	b->merged = 0;
	b->last = 0;
}

static void batch_release(struct batch *b)
{
	batch_clear(b);
	free(b->rows);
	free(b->order);
}

static char *batch_strdup(struct batch *b, const char *s)
{
	size_t len = strlen(s) + 1;
	struct block *k = b->blocks;
	char *out;

	if (!k || k->size - k->used < len) {
		size_t size = len > BLOCK_SIZE ? len : BLOCK_SIZE;

		k = xmalloc(sizeof(*k) + size);
		k->used = 0;
		k->size = size;
		k->next = b->blocks;
		b->blocks = k;
	}
	out = k->data + k->used;
	memcpy(out, s, len);
	k->used += len;
	return out;
}

/* The places of the strings a row points to (its source, a constant,
 * is not one): their count. */
static size_t row_strings(struct pending *p, const char **s[5])
{
	size_t n = 0;

	switch (p->kind) {
	case KIND_TRAINING:
		s[n++] = &TRAINING(p)->athlete;
		s[n++] = &TRAINING(p)->team;
		s[n++] = &TRAINING(p)->session;
		s[n++] = &TRAINING(p)->cramp_muscle;
		s[n++] = &TRAINING(p)->notes;
		break;
	case KIND_HYDRATION:
		s[n++] = &HYDRATION(p)->athlete;
		s[n++] = &HYDRATION(p)->team;
		break;
	default:
		s[n++] = &DIET(p)->athlete;
		s[n++] = &DIET(p)->team;
		s[n++] = &DIET(p)->meal;
		break;
	}
	return n;
}

/* Copies the strings a row points to into b. */
static void copy_strings(struct batch *b, struct pending *p)
{
	const char **s[5];
	size_t n = row_strings(p, s);

	for (size_t i = 0; i < n; i++)
		if (*s[i])
			*s[i] = batch_strdup(b, *s[i]);
}

static const char *row_athlete(const struct pending *p)
{
	switch (p->kind) {
	case KIND_TRAINING: return TRAINING(p)->athlete;
	case KIND_HYDRATION: return HYDRATION(p)->athlete;
	default: return DIET(p)->athlete;
	}
}

static void row_key(const struct pending *p, const char **date,
		    const char **time)
{
	switch (p->kind) {
	case KIND_TRAINING:
		*date = TRAINING(p)->date;
		*time = TRAINING(p)->start_time;
		break;
	case KIND_HYDRATION:
		*date = HYDRATION(p)->date;
		*time = HYDRATION(p)->time;
		break;
	default:
		*date = DIET(p)->date;
		*time = DIET(p)->time;
		break;
	}
}

/* The tables' key order, (athlete, date, time) within a table, the
 * athletes by their numbers in the file (athlete_id until the store's ids
 * are found, seq after in a writer by_key): 0 for the same key. */
static int key_order(const struct pending *x, const struct pending *y,
		     int64_t xa, int64_t ya)
{
	const char *xd, *xt, *yd, *yt;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (xa != ya)
		return xa < ya ? -1 : 1;
	row_key(x, &xd, &xt);
	row_key(y, &yd, &yt);
	if ((c = strcmp(xd, yd)) != 0 || (c = strcmp(xt, yt)) != 0)
		return c;
	return 0;
}

/* The order of a batch: the key's, then seq, then the file's (the rows
 * lie in a batch in the order of their lines), so that rows of one key in
 * a writer by_key, whose seq is not known yet, keep their order. */
static int key_cmp(const void *a, const void *b)
{
	const struct pending *x = *(const struct pending *const *)a;
	const struct pending *y = *(const struct pending *const *)b;
	int c = key_order(x, y, x->athlete_id, y->athlete_id);

	if (c)
		return c;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The row at *at of b, in file order; *at goes to the next. */
static struct pending *next_pending(const struct batch *b, size_t *at)
{
	struct pending *p = (struct pending *)(b->rows + *at);

	*at += pending_size(p->kind);
	return p;
}

/* Writes b's rows in key order, each run of one kind in one call of the
 * store (on PostgreSQL, one COPY and one merge). */
static int put_runs(store *st, int64_t import_id, struct batch *b,
		    struct diag *d)
{
	struct store_row *rows = xmalloc((b->n + 1) * sizeof(*rows));
	enum store_outcome *outcomes = xmalloc((b->n + 1) * sizeof(*outcomes));
	int rc = 0;

	for (size_t i = 0, j; i < b->n && rc == 0; i = j) {
		for (j = i; j < b->n && b->order[j]->kind == b->order[i]->kind; j++)
			rows[j - i] = (struct store_row){ b->order[j]->athlete_id,
							  b->order[j]->seq,
							  pending_row(b->order[j]) };
		rc = store_put_rows(st, import_id, b->order[i]->kind, rows, j - i,
				    outcomes, d);
		for (size_t k = i; rc == 0 && k < j; k++)
			b->order[k]->outcome = (unsigned char)outcomes[k - i];
	}
	free(rows);
	free(outcomes);
	return rc;
}

/* Numbers p's key: its seq, the file's number of its athlete until now,
 * becomes how many rows before it (in the order of the merge, the file's
 * within a key) had the same kind, athlete, date and time. */
static void number_key(struct key_rank *r, struct pending *p)
{
	const char *date, *time;
	unsigned number = p->seq;

	row_key(p, &date, &time);
	if (r->have && r->kind == p->kind && r->number == number &&
	    strcmp(r->date, date) == 0 && strcmp(r->time, time) == 0) {
		p->seq = ++r->seq;
		return;
	}
	r->have = 1;
	r->kind = p->kind;
	r->number = number;
	memcpy(r->date, date, sizeof(r->date));
	memcpy(r->time, time, sizeof(r->time));
	r->seq = 0;
	p->seq = 0;
}

/* Says at the file imported what went wrong with the temporary file
 * that sorts its rows (a failure of the file, not of the database); -1. */
static int temp_error(struct run_file *f, struct diag *d, const char *fmt,
		      ...) __attribute__((format(printf, 3, 4)));
static int temp_error(struct run_file *f, struct diag *d, const char *fmt,
		      ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f->failed = 1;
	diag_add(d, DIAG_ERROR, f->name, 0, 0, "%s; nothing of the file was "
		 "written", msg);
	return -1;
}

/* Writes n bytes at f's offset; -1 after a message. */
static int write_all(struct run_file *f, const char *data, size_t n,
		     struct diag *d)
{
	if (temp_file_write(f->fd, data, n) < 0)
		return temp_error(f, d, "cannot write the temporary file "
				  "that sorts the rows: %s", strerror(errno));
	return 0;
}

/* Writes what f's buffer holds. */
static int run_file_flush(struct run_file *f, struct diag *d)
{
	int rc = write_all(f, f->buf, f->used, d);

	f->used = 0;
	return rc;
}

static int run_put(struct run_file *f, const void *data, size_t n,
		   struct diag *d)
{
	if (f->used + n > RUN_WRITE_BYTES && run_file_flush(f, d) < 0)
		return -1;
	f->size += (off_t)n;
	if (n > RUN_WRITE_BYTES)
		return write_all(f, data, n, d);
	memcpy(f->buf + f->used, data, n);
	f->used += n;
	return 0;
}

/* Appends p as a record of the run file. */
static int run_put_row(struct run_file *f, struct pending *p, struct diag *d)
{
	const char **s[5];
	size_t n = row_strings(p, s), size = pending_size(p->kind);
	uint32_t len[5], bytes;

	for (size_t i = 0; i < n; i++) {
		len[i] = *s[i] ? (uint32_t)strlen(*s[i]) + 1 : 0;
		size += 4 + len[i];
	}
	bytes = (uint32_t)size;
	if (run_put(f, &bytes, 4, d) < 0 || run_put(f, p, pending_size(p->kind),
						     d) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (run_put(f, &len[i], 4, d) < 0 ||
		    (len[i] && run_put(f, *s[i], len[i], d) < 0))
			return -1;
	return 0;
}

/* Opens f's file, private (mode 0600) and unlinked at once, in TMPDIR,
 * else /tmp. */
static int run_file_open(struct run_file *f, struct diag *d)
{
	char why[320];

	f->fd = temp_file_open("sort the rows", why, sizeof(why));
	if (f->fd < 0)
		return temp_error(f, d, "%s", why);
	f->buf = xmalloc(RUN_WRITE_BYTES);
	return 0;
}

/* The writer's part of a full batch of a writer by_key: its athletes'
 * ids found, it goes, sorted, to a run of the file. */
static int append_run(struct batch_writer *w, struct batch *b,
		      struct diag *d)
{
	struct run_file *f = &w->runs;
	struct run r;

	if (f->fd < 0 && run_file_open(f, d) < 0)
		return -1;
	r.start = f->size;
	for (size_t i = 0; i < b->n; i++)
		if (run_put_row(f, b->order[i], d) < 0)
			return -1;
	r.end = f->size;
	w->merged_rows += b->n;
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->runs = xreallocarray(f->runs, f->cap, sizeof(*f->runs));
	}
	f->runs[f->n++] = r;
	return 0;
}

/* A run being merged: its next record, decoded in head (its strings in
 * buf, good until the next one). */
struct cursor {
	off_t at, end;              /* of the file, not yet read */
	char *buf;
	size_t cap, pos, len;
	size_t run;                 /* ties go to the lower */
	uint64_t head[(sizeof(struct pending) + sizeof(union any_row)) / 8 + 2];
};
#define HEAD(c) ((struct pending *)(void *)(c)->head)

static int cursor_corrupt(struct run_file *f, struct diag *d)
{
	return temp_error(f, d, "the temporary file that sorts the rows was "
			  "changed while the import ran");
}

/* Makes c's buffer hold need bytes from pos on. */
static int cursor_fill(struct cursor *c, struct run_file *f, size_t need,
		       struct diag *d)
{
	if (c->len - c->pos >= need)
		return 0;
	memmove(c->buf, c->buf + c->pos, c->len - c->pos);
	c->len -= c->pos;
	c->pos = 0;
	if (need > c->cap) {
		c->buf = xrealloc(c->buf, need);
		c->cap = need;
	}
	while (c->len < need) {
		size_t want = c->cap - c->len;
		ssize_t k;

		if ((off_t)want > c->end - c->at)
			want = (size_t)(c->end - c->at);
		if (want == 0)
			return cursor_corrupt(f, d);
		k = pread(f->fd, c->buf + c->len, want, c->at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? temp_error(f, d, "cannot read the temporary "
						  "file that sorts the rows: %s",
						  strerror(errno)) :
			       cursor_corrupt(f, d);
		c->len += (size_t)k;
		c->at += k;
	}
	return 0;
}

/* Decodes c's next record: 1, 0 at the end of its run, -1 after a
 * message. */
static int cursor_next(struct cursor *c, struct run_file *f, struct diag *d)
{
	const char **s[5];
	struct pending hdr;
	uint32_t bytes, len;
	size_t q, end, n;

	if (c->pos == c->len && c->at == c->end)
		return 0;
	if (cursor_fill(c, f, 4, d) < 0)
		return -1;
	memcpy(&bytes, c->buf + c->pos, 4);
	if (cursor_fill(c, f, 4 + (size_t)bytes, d) < 0)
		return -1;
	q = c->pos + 4;
	end = q + bytes;
	if (bytes < sizeof(hdr))
		return cursor_corrupt(f, d);
	memcpy(&hdr, c->buf + q, sizeof(hdr));
	if (hdr.kind > KIND_DIET || hdr.kind < KIND_TRAINING ||
	    pending_size(hdr.kind) > bytes)
		return cursor_corrupt(f, d);
	memcpy(c->head, c->buf + q, pending_size(hdr.kind));
	q += pending_size(hdr.kind);
	n = row_strings(HEAD(c), s);
	for (size_t i = 0; i < n; i++) {
		if (end - q < 4)
			return cursor_corrupt(f, d);
		memcpy(&len, c->buf + q, 4);
		q += 4;
		if (end - q < len || (len && c->buf[q + len - 1] != '\0'))
			return cursor_corrupt(f, d);
		*s[i] = len ? c->buf + q : NULL;
		q += len;
	}
	c->pos = end;
	return 1;
}

static int cursor_less(const struct cursor *a, const struct cursor *b)
{
	int c = key_order(HEAD(a), HEAD(b), HEAD(a)->seq, HEAD(b)->seq);

	return c ? c < 0 : a->run < b->run;
}

static void sift_down(struct cursor **heap, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		struct cursor *t;

		if (l < n && cursor_less(heap[l], heap[m]))
			m = l;
		if (l + 1 < n && cursor_less(heap[l + 1], heap[m]))
			m = l + 1;
		if (m == i)
			return;
		t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

/* Where the merge's rows go: a run of the next pass, or the store. */
typedef int (*merge_sink)(struct batch_writer *w, struct pending *p);

/* Merges the n runs in key order, a key's rows in the order of the runs
 * (the file's), into sink; -1 after a message in w->merge_d. Each run's
 * buffer takes its share of BATCH_MERGE_BYTES. */
static int merge_runs(struct batch_writer *w, const struct run *runs,
		      size_t n, merge_sink sink)
{
	struct cursor *c = xcalloc(n, sizeof(*c));
	struct cursor **heap = xreallocarray(NULL, n, sizeof(*heap));
	size_t each = BATCH_MERGE_BYTES / n, k = 0;
	int rc = 0;

	if (each < BATCH_MERGE_LEAST)
		each = BATCH_MERGE_LEAST;
	for (size_t i = 0; i < n && rc == 0; i++) {
		int first;

		c[i].at = runs[i].start;
		c[i].end = runs[i].end;
		c[i].cap = each;
		c[i].buf = xmalloc(each);
		c[i].run = i;
		first = cursor_next(&c[i], &w->runs, &w->merge_d);
		if (first < 0)
			rc = -1;
		else if (first)
			heap[k++] = &c[i];
	}
	for (size_t i = k / 2; rc == 0 && i-- > 0;)
		sift_down(heap, k, i);
	while (rc == 0 && k) {
		int more;

		if (sink(w, HEAD(heap[0])) < 0) {
			rc = -1;
			break;
		}
		more = cursor_next(heap[0], &w->runs, &w->merge_d);
		if (more < 0)
			rc = -1;
		else if (!more)
			heap[0] = heap[--k];
		sift_down(heap, k, 0);
	}
	for (size_t i = 0; i < n; i++)
		free(c[i].buf);
	free(c);
	free(heap);
	return rc;
}

static int sink_run(struct batch_writer *w, struct pending *p)
{
	return run_put_row(&w->runs, p, &w->merge_d);
}

static int flush(struct batch_writer *w);

/* The merge's rows, their keys numbered, to the store in batches. */
static int sink_store(struct batch_writer *w, struct pending *p)
{
	size_t size = pending_size(p->kind);
	struct pending *q;

	if (w->fill->used + size > w->bytes) {
		if (w->merged)
			w->merged(w->merged_done, w->merged_rows, w->merged_arg);
		if (flush(w) < 0)
			return -1;
	}
	w->merged_done++;
	number_key(&w->rank, p);
	q = (struct pending *)(w->fill->rows + w->fill->used);
	memcpy(q, p, size);
	copy_strings(w->fill, q);
	w->fill->used += size;
	w->fill->n++;
	w->fill->merged = 1;
	return 0;
}

/* Says that the merge failed (its reason in w->merge_d). */
static void merge_failed(struct batch_writer *w)
{
	pthread_mutex_lock(&w->mu);
	w->failed = 1;
	pthread_mutex_unlock(&w->mu);
}

/* The end of a writer by_key that made runs: once the writer has written
 * the last one, they are merged, in passes of at most merge_ways runs
 * while there are more, then into the store, the writer writing a batch
 * of the merge while the next is made. */
static void merge_into_store(struct batch_writer *w)
{
	struct run_file *f = &w->runs;
	size_t ways = w->merge_ways ? w->merge_ways :
		      BATCH_MERGE_BYTES / BATCH_MERGE_LEAST;
	int failed;

	pthread_mutex_lock(&w->mu);
	while (w->ready)
		pthread_cond_wait(&w->cv, &w->mu);
	failed = w->failed;
	pthread_mutex_unlock(&w->mu);
	/* The writer is idle: the runs are the reader's now. */
	if (failed || f->n == 0)
		return;
	if (ways < 2)
		ways = 2;
	if (run_file_flush(f, &w->merge_d) < 0)
		goto fail;
	while (f->n > ways) {
		size_t out = 0;

		for (size_t i = 0; i < f->n; i += ways) {
			size_t k = f->n - i < ways ? f->n - i : ways;
			struct run r = { f->size, 0 };

			if (k > 1 && merge_runs(w, f->runs + i, k, sink_run) < 0)
				goto fail;
			r.end = f->size;
			f->runs[out++] = k > 1 ? r : f->runs[i];
		}
		f->n = out;
		if (run_file_flush(f, &w->merge_d) < 0)
			goto fail;
	}
	memset(&w->rank, 0, sizeof(w->rank));
	if (merge_runs(w, f->runs, f->n, sink_store) < 0)
		goto fail;
	if (w->fill->n)
		flush(w);   /* a failure is in w->failed */
	if (w->merged)
		w->merged(w->merged_done, w->merged_rows, w->merged_arg);
	return;
fail:
	merge_failed(w);
}

/* The reader's part of a batch, before it is handed over: its rows put
 * in key order, the athletes by their numbers in the file (in a new
 * database the store's ids come in the same order; in another one each
 * athlete's rows still go together). */
static void sort_batch(struct batch *b)
{
	size_t at = 0;

	for (size_t i = 0; i < b->n; i++)
		b->order[i] = next_pending(b, &at);
	/* The merge's rows come in key order. */
	if (!b->merged)
		qsort(b->order, b->n, sizeof(*b->order), key_cmp);
}

/* The store's ids of b's athletes, from the cache or, for those it does
 * not hold, from the store in one call (which adds the athletes new to
 * it), asked in file order. A row whose athlete is asked for holds minus
 * (1 + its place in the question) meanwhile, as does its cache slot. */
static int athlete_ids(struct batch_writer *w, struct batch *b,
		       struct diag *d)
{
	const char **names = xreallocarray(NULL, b->n + 1, sizeof(*names));
	int64_t *ids = xreallocarray(NULL, b->n + 1, sizeof(*ids));
	size_t asked = 0, at = 0;
	int rc;

	for (size_t i = 0; i < b->n; i++) {
		struct pending *p = next_pending(b, &at);
		struct id_slot *slot =
			&w->ids[(uint64_t)p->athlete_id % ID_SLOTS];

		if (slot->number != p->athlete_id) {
			names[asked] = row_athlete(p);
			slot->number = p->athlete_id;
			slot->id = -(int64_t)++asked;
		}
		p->athlete_id = slot->id;
	}
	rc = store_athletes(w->st, names, asked, ids, d);
	for (size_t i = 0; i < ID_SLOTS; i++)
		if (w->ids[i].id < 0) {
			if (rc < 0)
				w->ids[i].number = -1;
			else
				w->ids[i].id = ids[-w->ids[i].id - 1];
		}
	at = 0;
	for (size_t i = 0; rc == 0 && i < b->n; i++) {
		struct pending *p = next_pending(b, &at);

		if (p->athlete_id < 0)
			p->athlete_id = ids[-p->athlete_id - 1];
	}
	free(names);
	free(ids);
	return rc;
}

/* Writes b, sorted by sort_batch: athletes found (and added) in file
 * order, so that their ids are the same as row by row; rows in key order;
 * then the lines counted in file order, a line of two rows once: added
 * when a row of it was, else updated when one was. */
static int write_batch(struct batch_writer *w, struct batch *b,
		       struct diag *d)
{
	size_t at = 0;

	if (!b->merged) {
		if (athlete_ids(w, b, d) < 0)
			return -1;
		if (w->by_key && (!b->last || w->runs.n))
			return append_run(w, b, d);
		/* A file of one batch, written whole. */
		for (size_t i = 0; w->by_key && i < b->n; i++)
			number_key(&w->rank, b->order[i]);
	}
	if (put_runs(w->st, w->import_id, b, d) < 0)
		return -1;
	at = 0;
	for (size_t i = 0; i < b->n; i++) {
		enum store_outcome o = next_pending(b, &at)->outcome;

		if (at < b->used &&
		    ((struct pending *)(b->rows + at))->with_previous) {
			enum store_outcome o2 = next_pending(b, &at)->outcome;

			i++;
			if (o2 == STORE_ADDED ||
			    (o2 == STORE_UPDATED && o != STORE_ADDED))
				o = o2;
		}
		switch (o) {
		case STORE_ADDED: w->counts.added++; break;
		case STORE_UPDATED: w->counts.updated++; break;
		default: w->counts.unchanged++; break;
		}
	}
	return 0;
}

static void *writer_run(void *arg)
{
	struct batch_writer *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		struct batch *b;
		int rc, failed;

		while (!w->ready && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->ready)
			break;
		b = w->ready;
		failed = w->failed;
		pthread_mutex_unlock(&w->mu);
		rc = failed ? -1 : write_batch(w, b, &w->d);
		pthread_mutex_lock(&w->mu);
		if (rc < 0)
			w->failed = 1;
		w->ready = NULL;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct batch_writer *batch_writer_new(store *st, int64_t import_id,
				      const struct batch_options *o)
{
	struct batch_writer *w = xcalloc(1, sizeof(*w));
	size_t bytes = o->bytes;
	size_t fewest = pending_size(KIND_TRAINING);

	for (int k = KIND_TRAINING; k <= KIND_DIET; k++) {
		size_t n = pending_size((enum log_kind)k);

		fewest = n < fewest ? n : fewest;
		w->most = n > w->most ? n : w->most;
	}

	for (size_t i = 0; i < ID_SLOTS; i++)
		w->ids[i].number = -1;
	/* Room for a line's two rows at least. */
	if (bytes < 2 * w->most)
		bytes = 2 * w->most;
	w->bytes = bytes;
	w->st = st;
	w->import_id = import_id;
	w->by_key = o->by_key;
	w->merge_ways = o->merge_ways;
	w->runs.name = o->name;
	w->merged = o->merged;
	w->merged_arg = o->merged_arg;
	w->runs.fd = -1;
	diag_init(&w->d);
	diag_init(&w->merge_d);
	for (int i = 0; i < 2; i++) {
		struct batch *b = &w->batches[i];

		b->rows = xmalloc(bytes);
		b->order = xreallocarray(NULL, bytes / fewest,
					 sizeof(*b->order));
	}
	w->fill = &w->batches[0];
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	/* A thread only once a file proves long enough to fill a batch. */
	w->threaded = -config_second_thread();
	return w;
}

/* Writes the reader's batch, or hands it to the writer thread and takes
 * the other one (written by then) to fill. */
static int flush(struct batch_writer *w)
{
	struct batch *b = w->fill;
	int failed;

	sort_batch(b);
	if (w->threaded < 0) {
		w->threaded = pthread_create(&w->thread, NULL, writer_run, w) ==
			      0;
	}
	if (!w->threaded) {
		if (!w->failed && write_batch(w, b, &w->d) < 0)
			w->failed = 1;
		batch_clear(b);
		return w->failed ? -1 : 0;
	}
	pthread_mutex_lock(&w->mu);
	while (w->ready)
		pthread_cond_wait(&w->cv, &w->mu);
	failed = w->failed;
	if (!failed) {
		w->ready = b;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	w->fill = b == &w->batches[0] ? &w->batches[1] : &w->batches[0];
	batch_clear(w->fill);
	return failed ? -1 : 0;
}

int batch_writer_add(struct batch_writer *w, enum log_kind kind,
		     const union any_row *row, int64_t number, unsigned seq,
		     int with_previous)
{
	struct batch *b;
	struct pending *p;

	/* Room for this row and the one of its line that may follow. */
	if (!with_previous && w->fill->n &&
	    w->fill->used + 2 * w->most > w->bytes && flush(w) < 0)
		return -1;
	b = w->fill;
	p = (struct pending *)(b->rows + b->used);
	/* Padding too: a run writes the bytes whole. */
	memset(p, 0, sizeof(*p));
	memcpy(pending_row(p), row, row_size(kind));
	memset((char *)pending_row(p) + row_size(kind), 0,
	       pending_size(kind) - sizeof(*p) - row_size(kind));
	p->athlete_id = number;
	p->seq = w->by_key ? (unsigned)number : seq;
	p->kind = (unsigned char)kind;
	p->with_previous = with_previous != 0;
	p->outcome = STORE_UNCHANGED;
	copy_strings(b, p);
	b->used += pending_size(kind);
	b->n++;
	return 0;
}

int batch_writer_finish(struct batch_writer *w, int discard,
			struct import_counts *c, struct diag *d)
{
	int failed;

	/* A file that never filled a batch is written here, in line. */
	if (w->threaded < 0)
		w->threaded = 0;
	if (discard) {
		batch_clear(w->fill);
	} else if (w->fill->n) {
		w->fill->last = 1;
		flush(w);       /* a failure is in w->failed */
	}
	if (!discard && w->by_key)
		merge_into_store(w);
	if (w->threaded > 0) {
		pthread_mutex_lock(&w->mu);
		w->stop = 1;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->thread, NULL);
	}
	failed = w->failed || w->d.errors || w->merge_d.errors;
	/* A failure of the sort's temporary file, not of the store. */
	if (failed && w->runs.failed)
		failed = BATCH_TEMP_FAILED;
	else
		failed = failed ? -1 : 0;
	c->added += w->counts.added;
	c->updated += w->counts.updated;
	c->unchanged += w->counts.unchanged;
	diag_move(d, &w->d);
	diag_move(d, &w->merge_d);
	if (w->runs.fd >= 0)
		close(w->runs.fd);
	free(w->runs.buf);
	free(w->runs.runs);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	batch_release(&w->batches[0]);
	batch_release(&w->batches[1]);
	free(w);
	return failed;
}
