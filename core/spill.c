/*
 * Rows that may outgrow memory, and the private temporary files they go
 * to (spill.h).
 */
#define _GNU_SOURCE 1            /* O_TMPFILE */
#include "spill.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
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

static int fail(struct row_spill *s, const char *what, int err)
{
	if (!s->failed)
		snprintf(s->why, sizeof(s->why), "cannot %s the temporary file "
			 "of %s: %s", what, s->what,
			 err ? strerror(err) : "it ends early");
	s->failed = 1;
	return -1;
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

int row_spill_add(struct row_spill *s, const double *row)
{
	if (s->failed || s->reading)
		return -1;
	if (s->held == s->cap) {
		/* Full: past the memory's bound to the file (made once), the
		 * buffer then a chunk of it; else the buffer doubles. */
		if (s->fd < 0 && !s->no_file && s->held >= s->memory) {
			char purpose[80];

			snprintf(purpose, sizeof(purpose), "hold %s", s->what);
			s->fd = temp_file_open(purpose, s->why, sizeof(s->why));
			/* None: the rows stay in memory, as before. */
			s->no_file = s->fd < 0;
		}
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
	size_t want, got = 0, bytes;

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
	while (got < want) {
		ssize_t k = pread(s->fd, (char *)s->buf + got, want - got,
				  s->at + (off_t)got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return fail(s, "read", k < 0 ? errno : 0);
		got += (size_t)k;
	}
	s->at += (off_t)got;
	*rows = s->buf;
	*count = got / bytes;
	return 1;
}

/* fail() for a reader among others (row_spill_read_at): the first to
 * fail says why, the others only return. */
static int fail_shared(struct row_spill *s, const char *what, int err)
{
	if (__atomic_exchange_n(&s->failed, 1, __ATOMIC_ACQ_REL) == 0)
		snprintf(s->why, sizeof(s->why), "cannot %s the temporary file "
			 "of %s: %s", what, s->what,
			 err ? strerror(err) : "it ends early");
	return -1;
}

int row_spill_read_at(struct row_spill *s, size_t first, size_t count,
		      double *out)
{
	size_t bytes = s->width * sizeof(double), want = count * bytes;
	size_t got = 0;
	off_t at = (off_t)(first * bytes);

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
	while (got < want) {
		ssize_t k = pread(s->fd, (char *)out + got, want - got,
				  at + (off_t)got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return fail_shared(s, "read", k < 0 ? errno : 0);
		got += (size_t)k;
	}
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
