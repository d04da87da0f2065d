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
 */
#include "batch.h"
#include "config.h"
#include "xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE 65536

/* A row in a batch: this, then the row of its kind (struct
 * hydration_row, ...), each as large as its kind needs. */
struct pending {
	/* The file's number of the athlete (athlete_numbers.h) until the
	 * writer finds the store's id. */
	int64_t athlete_id;
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

/* Copies the strings a row points to (its source is a constant). */
static void copy_strings(struct batch *b, struct pending *p)
{
	const char **s[5];
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

/* The tables' key order, (athlete, date, time, seq) within a table, the
 * athletes by their numbers in the file. */
static int key_cmp(const void *a, const void *b)
{
	const struct pending *x = *(const struct pending *const *)a;
	const struct pending *y = *(const struct pending *const *)b;
	const char *xd, *xt, *yd, *yt;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->athlete_id != y->athlete_id)
		return x->athlete_id < y->athlete_id ? -1 : 1;
	row_key(x, &xd, &xt);
	row_key(y, &yd, &yt);
	if ((c = strcmp(xd, yd)) != 0 || (c = strcmp(xt, yt)) != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
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

/* The reader's part of a batch, before it is handed over: its rows put
 * in key order, the athletes by their numbers in the file (in a new
 * database the store's ids come in the same order; in another one each
 * athlete's rows still go together). */
static void sort_batch(struct batch *b)
{
	size_t at = 0;

	for (size_t i = 0; i < b->n; i++)
		b->order[i] = next_pending(b, &at);
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

	if (athlete_ids(w, b, d) < 0)
		return -1;
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
		int rc;

		while (!w->ready && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->ready)
			break;
		b = w->ready;
		pthread_mutex_unlock(&w->mu);
		rc = w->failed ? -1 : write_batch(w, b, &w->d);
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
				      size_t bytes)
{
	struct batch_writer *w = xcalloc(1, sizeof(*w));
	size_t fewest = pending_size(KIND_TRAINING);

	for (int k = KIND_TRAINING; k <= KIND_DIET; k++) {
		size_t n = pending_size((enum log_kind)k);

		fewest = n < fewest ? n : fewest;
		w->most = n > w->most ? n : w->most;
	}

	for (size_t i = 0; i < ID_SLOTS; i++)
		w->ids[i].number = -1;
	w->bytes = bytes;
	w->st = st;
	w->import_id = import_id;
	diag_init(&w->d);
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
	if (!with_previous && w->fill->used + 2 * w->most > w->bytes &&
	    flush(w) < 0)
		return -1;
	b = w->fill;
	p = (struct pending *)(b->rows + b->used);
	memcpy(pending_row(p), row, row_size(kind));
	p->athlete_id = number;
	p->seq = seq;
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
	if (discard)
		batch_clear(w->fill);
	else if (w->fill->n)
		flush(w);       /* a failure is in w->failed */
	if (w->threaded > 0) {
		pthread_mutex_lock(&w->mu);
		w->stop = 1;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->thread, NULL);
	}
	failed = w->failed || w->d.errors;
	c->added += w->counts.added;
	c->updated += w->counts.updated;
	c->unchanged += w->counts.unchanged;
	diag_move(d, &w->d);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	batch_release(&w->batches[0]);
	batch_release(&w->batches[1]);
	free(w);
	return failed ? -1 : 0;
}
