/*
 * Rows that may outgrow memory, and the private temporary files they go
 * to (spill.h).
 */
#define _GNU_SOURCE 1            /* O_TMPFILE */
#include "spill.h"
#include "stats.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int temp_file_open(const char *purpose, char *why, size_t whylen)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf path = STRBUF_INIT;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	/* A file without a name from the start, where the file system
	 * makes one; else a name removed at once. Either way mode 0600. */
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	strbuf_addf(&path, "%s/cramplog-XXXXXX", dir);
	fd = mkostemp(path.buf, O_CLOEXEC);
	if (fd < 0) {
		struct strbuf shown = STRBUF_INIT;
		int err = errno;

		text_add_printable(&shown, dir, strlen(dir), 200);
		snprintf(why, whylen, "cannot make a temporary file in %s to %s "
			 "(TMPDIR chooses the directory): %s", shown.buf,
			 purpose, strerror(err));
		strbuf_release(&shown);
	} else {
		unlink(path.buf);
	}
	strbuf_release(&path);
	return fd;
}

void row_spill_init(struct row_spill *s, size_t width, size_t memory_bytes)
{
	memset(s, 0, sizeof(*s));
	s->what = "the model's rows";
	s->width = width ? width : 1;
	s->memory = memory_bytes / (s->width * sizeof(double));
	if (s->memory == 0)
		s->memory = 1;
	s->fd = -1;
}

/* Says, once, that the temporary file of what could not be done to. */
static int say_failed(char *why, size_t whylen, int *failed, const char *of,
		      const char *what, int err)
{
	if (!*failed)
		snprintf(why, whylen, "cannot %s the temporary file of %s: %s",
			 what, of, err ? strerror(err) : "it ends early");
	*failed = 1;
	return -1;
}

static int fail(struct row_spill *s, const char *what, int err)
{
	return say_failed(s->why, sizeof(s->why), &s->failed, s->what, what,
			  err);
}

/* Reads n bytes at offset at: 0, or -1 with errno (0 when the file ends
 * first). */
static int read_at(int fd, void *buf, size_t n, off_t at)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = pread(fd, (char *)buf + got, n - got,
				  at + (off_t)got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = 0;
			return -1;
		}
		got += (size_t)k;
	}
	return 0;
}

int temp_file_write(int fd, const void *data, size_t n)
{
	const char *p = data;

	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = ENOSPC;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Writes the rows in buf to the file. */
static int write_held(struct row_spill *s)
{
	if (temp_file_write(s->fd, s->buf,
			    s->held * s->width * sizeof(double)) < 0)
		return fail(s, "write", errno);
	s->held = 0;
	return 0;
}

/* The temporary file that holds what, made the first time (*fd -1 and
 * *no_file 0); where none can be made, *no_file set: what stays in
 * memory, as before. */
static void file_once(const char *what, int *fd, int *no_file, char *why,
		      size_t whylen)
{
	if (*fd < 0 && !*no_file) {
		char purpose[80];

		snprintf(purpose, sizeof(purpose), "hold %s", what);
		*fd = temp_file_open(purpose, why, whylen);
		*no_file = *fd < 0;
	}
}

int row_spill_add(struct row_spill *s, const double *row)
{
	if (s->failed || s->reading)
		return -1;
	if (s->held == s->cap) {
		/* Full: past the memory's bound to the file (made once), the
		 * buffer then a chunk of it; else the buffer doubles. */
		if (s->held >= s->memory)
			file_once(s->what, &s->fd, &s->no_file, s->why,
				  sizeof(s->why));
		if (s->fd >= 0) {
			if (write_held(s) < 0)
				return -1;
		} else {
			s->cap = s->cap ? 2 * s->cap : 64;
			s->buf = xreallocarray(s->buf, s->cap,
					       s->width * sizeof(double));
		}
	}
	memcpy(s->buf + s->held * s->width, row, s->width * sizeof(double));
	s->held++;
	s->rows++;
	return 0;
}

int row_spill_rewind(struct row_spill *s)
{
	if (s->failed)
		return -1;
	if (!s->reading && s->fd >= 0 && s->held && write_held(s) < 0)
		return -1;
	s->reading = 1;
	s->at = 0;
	return 0;
}

int row_spill_next(struct row_spill *s, const double **rows, size_t *count)
{
	size_t want, bytes;

	if (s->failed)
		return -1;
	if (s->fd < 0) {
		/* In memory: one chunk of every row. */
		if (s->at)
			return 0;
		s->at = 1;
		*rows = s->buf;
		*count = s->held;
		return s->held > 0;
	}
	bytes = s->width * sizeof(double);
	if ((size_t)s->at >= s->rows * bytes)
		return 0;
	want = s->rows * bytes - (size_t)s->at;
	if (want > s->cap * bytes)
		want = s->cap * bytes;
	if (read_at(s->fd, s->buf, want, s->at) < 0)
		return fail(s, "read", errno);
	s->at += (off_t)want;
	*rows = s->buf;
	*count = want / bytes;
	return 1;
}

/* fail() for a reader among others (row_spill_read_at): the first to
 * fail says why, the others only return. */
static int fail_shared(struct row_spill *s, const char *what, int err)
{
	int said = 0;

	if (__atomic_exchange_n(&s->failed, 1, __ATOMIC_ACQ_REL) == 0)
		say_failed(s->why, sizeof(s->why), &said, s->what, what, err);
	return -1;
}

int row_spill_read_at(struct row_spill *s, size_t first, size_t count,
		      double *out)
{
	size_t bytes = s->width * sizeof(double), want = count * bytes;

	if (__atomic_load_n(&s->failed, __ATOMIC_ACQUIRE) || !s->reading)
		return -1;
	if (first > s->rows || count > s->rows - first)
		return fail_shared(s, "read", 0);
	if (count == 0)
		return 0;
	if (s->fd < 0) {
		memcpy(out, s->buf + first * s->width, want);
		return 0;
	}
	if (read_at(s->fd, out, want, (off_t)(first * bytes)) < 0)
		return fail_shared(s, "read", errno);
	return 0;
}

const char *row_spill_why(const struct row_spill *s)
{
	return s->why;
}

void row_spill_release(struct row_spill *s)
{
	if (s->fd >= 0)
		close(s->fd);
	free(s->buf);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

/* Values held at the least, so that each of a merge's buffers holds 512
 * or more (4 KiB), and the runs merged at once at the most. */
#define VALUE_SORT_MIN 4096
#define MERGE_MAX_FAN 64

void value_sort_init(struct value_sort *v, size_t memory_bytes)
{
	memset(v, 0, sizeof(*v));
	v->what = "the spline's values";
	v->memory = memory_bytes / sizeof(double);
	if (v->memory < VALUE_SORT_MIN)
		v->memory = VALUE_SORT_MIN;
	v->fd = -1;
}

static int value_fail(struct value_sort *v, const char *what, int err)
{
	return say_failed(v->why, sizeof(v->why), &v->failed, v->what, what,
			  err);
}

/* Writes the values held, sorted, to the file as a run. */
static int write_run(struct value_sort *v)
{
	qsort(v->buf, v->held, sizeof(*v->buf), stats_by_double);
	if (temp_file_write(v->fd, v->buf, v->held * sizeof(*v->buf)) < 0)
		return value_fail(v, "write", errno);
	v->held = 0;
	return 0;
}

int value_sort_add(struct value_sort *v, double x)
{
	if (v->failed || v->sorted)
		return -1;
	if (v->held == v->cap) {
		/* Full: at the memory's bound, a run to the file (made
		 * once), so that every run but the last holds v->memory
		 * values; else the buffer grows, to the bound at most
		 * while a file may yet be made. */
		if (v->held == v->memory)
			file_once(v->what, &v->fd, &v->no_file, v->why,
				  sizeof(v->why));
		if (v->fd >= 0) {
			if (write_run(v) < 0)
				return -1;
		} else {
			v->cap = v->cap ? 2 * v->cap : 1024;
			if (!v->no_file && v->cap > v->memory)
				v->cap = v->memory;
			v->buf = xreallocarray(v->buf, v->cap, sizeof(*v->buf));
		}
	}
	v->buf[v->held++] = x;
	v->n++;
	return 0;
}

/* A run being merged: its next rank in the file, its end, and the
 * values read of it (buf[i] the next of len). */
struct merge_run {
	size_t at, end;
	double *buf;
	size_t i, len, room;
};

/* Reads a run's next values: 1, 0 at its end, -1 on an error. */
static int run_fill(struct value_sort *v, int fd, struct merge_run *r)
{
	size_t k = r->end - r->at < r->room ? r->end - r->at : r->room;

	if (k == 0)
		return 0;
	if (read_at(fd, r->buf, k * sizeof(double),
		    (off_t)(r->at * sizeof(double))) < 0)
		return value_fail(v, "read", errno);
	r->at += k;
	r->i = 0;
	r->len = k;
	return 1;
}

/* Restores the heap h (of n runs, the smallest next value on top) from
 * place j down. */
static void heap_down(struct merge_run *r, int *h, size_t n, size_t j)
{
	for (;;) {
		size_t a = 2 * j + 1, m = j;

		if (a < n && r[h[a]].buf[r[h[a]].i] < r[h[m]].buf[r[h[m]].i])
			m = a;
		if (a + 1 < n &&
		    r[h[a + 1]].buf[r[h[a + 1]].i] < r[h[m]].buf[r[h[m]].i])
			m = a + 1;
		if (m == j)
			return;
		int t = h[j];

		h[j] = h[m];
		h[m] = t;
		j = m;
	}
}

/* Merges the sorted runs of length run in file in, fan at a time, into
 * runs of run * fan in file out. */
static int merge_pass(struct value_sort *v, int in, int out, size_t run,
		      size_t fan)
{
	struct merge_run r[MERGE_MAX_FAN];
	int h[MERGE_MAX_FAN];
	size_t b = v->memory / (fan + 1), held = 0;
	double *put = v->buf + fan * b;

	if (lseek(out, 0, SEEK_SET) < 0)
		return value_fail(v, "write", errno);
	for (size_t g = 0; g < v->n; g += run * fan) {
		size_t n = 0;

		for (size_t at = g; at < v->n && n < fan; at += run, n++) {
			r[n] = (struct merge_run){
				.at = at, .end = v->n - at < run ? v->n : at + run,
				.buf = v->buf + n * b, .room = b };
			if (run_fill(v, in, &r[n]) < 0)
				return -1;
			h[n] = (int)n;
		}
		for (size_t j = n / 2; j-- > 0;)
			heap_down(r, h, n, j);
		while (n) {
			struct merge_run *top = &r[h[0]];
			int more = 1;

			put[held++] = top->buf[top->i++];
			if (held == b) {
				if (temp_file_write(out, put, held * sizeof(*put)) < 0)
					return value_fail(v, "write", errno);
				held = 0;
			}
			if (top->i == top->len && (more = run_fill(v, in, top)) < 0)
				return -1;
			if (!more)
				h[0] = h[--n];
			heap_down(r, h, n, 0);
		}
	}
	if (held && temp_file_write(out, put, held * sizeof(*put)) < 0)
		return value_fail(v, "write", errno);
	return 0;
}

int value_sort_finish(struct value_sort *v)
{
	int other = -1, rc = 0;

	if (v->failed)
		return -1;
	if (v->sorted)
		return 0;
	v->sorted = 1;
	if (v->fd < 0) {
		if (v->held)
			qsort(v->buf, v->held, sizeof(*v->buf), stats_by_double);
		return 0;
	}
	if (v->held && write_run(v) < 0)
		return -1;
	/* Runs of run values, merged fan at a time into the other file,
	 * until one is left: fan inputs and the output share the memory. */
	for (size_t run = v->memory; run < v->n && rc == 0;) {
		size_t runs = (v->n - 1) / run + 1;
		size_t fan = v->memory / 512 - 1;
		int t;

		if (fan > MERGE_MAX_FAN)
			fan = MERGE_MAX_FAN;
		if (fan > runs)
			fan = runs;
		if (other < 0) {
			/* Unlike the first file's, this one's failure is an
			 * error: the values are already past memory. */
			char purpose[80];

			snprintf(purpose, sizeof(purpose), "sort %s", v->what);
			other = temp_file_open(purpose, v->why, sizeof(v->why));
			if (other < 0) {
				v->failed = 1;
				return -1;
			}
		}
		rc = merge_pass(v, v->fd, other, run, fan);
		t = v->fd;
		v->fd = other;
		other = t;
		run = run > v->n / fan ? v->n : run * fan;
	}
	close(other);
	v->held = 0;
	v->from = 0;
	return rc;
}

double value_sort_at(void *ctx, size_t i)
{
	struct value_sort *v = ctx;
	size_t start = i, count;

	if (v->fd < 0)
		return v->buf[i];
	if (v->failed)
		return NAN;
	if (i - v->from < v->held)
		return v->buf[i - v->from];
	/* A window from i on; before the last one, a window that ends
	 * just past i (the knots' scans go either way). */
	if (i < v->from)
		start = i + 2 > v->memory ? i + 2 - v->memory : 0;
	count = v->n - start < v->memory ? v->n - start : v->memory;
	if (read_at(v->fd, v->buf, count * sizeof(double),
		    (off_t)(start * sizeof(double))) < 0) {
		v->held = 0;
		value_fail(v, "read", errno);
		return NAN;
	}
	v->from = start;
	v->held = count;
	return v->buf[i - start];
}

void value_sort_release(struct value_sort *v)
{
	if (v->fd >= 0)
		close(v->fd);
	free(v->buf);
	memset(v, 0, sizeof(*v));
	v->fd = -1;
}
