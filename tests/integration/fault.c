/*
 * A library the integration tests preload (LD_PRELOAD) to make one of
 * cramplog's private temporary files fail as a full or failing disk
 * would, where no file size limit can single it out (the database and
 * the outputs are written in the same run). It watches the files
 * core/spill.c's temp_file_open makes (opened with O_TMPFILE, or made by
 * mkostemp from a cramplog-XXXXXX name), numbered from 1 in the order
 * they are made, and reads one variable:
 *
 *   CRAMPLOG_FAULT=N:write:K   the Nth temporary file's Kth write and every
 *                              later one fail with ENOSPC;
 *   CRAMPLOG_FAULT=N:read:K    its Kth pread and every later one with EIO;
 *   CRAMPLOG_FAULT=log         nothing fails: each file made, and its
 *                              writes and reads when closed, are told on
 *                              standard error (to choose N and K).
 *
 * An interposer has to keep its state in globals: the calls it stands for
 * carry none of its own. Threads share them under a mutex.
 */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_FILES 256

struct watched {
	int fd;             /* -1 once closed */
	unsigned number;    /* 1 for the first temporary file made */
	unsigned long writes, reads;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct watched files[MAX_FILES];
static unsigned nfiles;

/* CRAMPLOG_FAULT, read once: the file, the call (0 none, 'w' or 'r'), the
 * count; log to tell instead. */
static struct {
	int log;
	unsigned file;
	int op;
	unsigned long count;
} want;

static void read_want(void)
{
	const char *e = getenv("CRAMPLOG_FAULT");
	char op[8];

	if (!e)
		return;
	if (strcmp(e, "log") == 0) {
		want.log = 1;
		return;
	}
	if (sscanf(e, "%u:%7[a-z]:%lu", &want.file, op, &want.count) == 3 &&
	    want.file > 0 && want.count > 0 &&
	    (strcmp(op, "write") == 0 || strcmp(op, "read") == 0)) {
		want.op = op[0];
		return;
	}
	fprintf(stderr, "fault.c: CRAMPLOG_FAULT=%s: expected N:write:K, "
		"N:read:K or log\n", e);
	abort();
}

/* The calls stood for, found once when the library is loaded (through
 * void **, as dlsym(3) shows: ISO C converts no void * to a function's
 * pointer). */
static struct {
	int (*open)(const char *, int, ...);
	int (*open64)(const char *, int, ...);
	int (*mkostemp)(char *, int);
	int (*close)(int);
	ssize_t (*write)(int, const void *, size_t);
	ssize_t (*pread)(int, void *, size_t, off_t);
	ssize_t (*pread64)(int, void *, size_t, off_t);
} next;

static void *real(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (!f) {
		fprintf(stderr, "fault.c: no %s to stand for\n", name);
		abort();
	}
	return f;
}

__attribute__((constructor)) static void find_next(void)
{
	*(void **)&next.open = real("open");
	*(void **)&next.open64 = real("open64");
	*(void **)&next.mkostemp = real("mkostemp");
	*(void **)&next.close = real("close");
	*(void **)&next.write = real("write");
	*(void **)&next.pread = real("pread");
	*(void **)&next.pread64 = real("pread64");
	read_want();
}

static void watch(int fd)
{
	if (fd < 0)
		return;
	pthread_mutex_lock(&lock);
	if (nfiles < MAX_FILES) {
		files[nfiles] = (struct watched){ fd, nfiles + 1, 0, 0 };
		if (want.log)
			fprintf(stderr, "[fault] temporary file %u made\n",
				nfiles + 1);
		nfiles++;
	}
	pthread_mutex_unlock(&lock);
}

/* Counts a call op ('w' or 'r') on fd: 1 when it is to fail. */
static int counts_to_fail(int fd, int op)
{
	int fails = 0;

	pthread_mutex_lock(&lock);
	for (unsigned i = 0; i < nfiles; i++) {
		struct watched *f = &files[i];
		unsigned long n;

		if (f->fd != fd)
			continue;
		n = op == 'w' ? ++f->writes : ++f->reads;
		fails = want.op == op && want.file == f->number &&
			n >= want.count;
		break;
	}
	pthread_mutex_unlock(&lock);
	return fails;
}

static int opens_tmpfile(int flags)
{
	return (flags & O_TMPFILE) == O_TMPFILE;
}

/* open or open64 (f) of path: its mode, when flags need one, the
 * variadic argument in ap. */
static int open_as(int (*f)(const char *, int, ...), const char *path,
		   int flags, va_list ap)
{
	mode_t mode = 0;
	int fd;

	if (flags & (O_CREAT | O_TMPFILE))
		mode = (mode_t)va_arg(ap, int);
	fd = f(path, flags, mode);
	if (opens_tmpfile(flags))
		watch(fd);
	return fd;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	int fd;

	va_start(ap, flags);
	fd = open_as(next.open, path, flags, ap);
	va_end(ap);
	return fd;
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	int fd;

	va_start(ap, flags);
	fd = open_as(next.open64, path, flags, ap);
	va_end(ap);
	return fd;
}

int mkostemp(char *tmpl, int flags)
{
	int fd = next.mkostemp(tmpl, flags);
	const char *base = strrchr(tmpl, '/');

	if (strncmp(base ? base + 1 : tmpl, "cramplog-", 9) == 0)
		watch(fd);
	return fd;
}

int close(int fd)
{
	pthread_mutex_lock(&lock);
	for (unsigned i = 0; i < nfiles; i++)
		if (files[i].fd == fd) {
			if (want.log)
				fprintf(stderr, "[fault] temporary file %u "
					"closed: %lu writes, %lu reads\n",
					files[i].number, files[i].writes,
					files[i].reads);
			files[i].fd = -1;
		}
	pthread_mutex_unlock(&lock);
	return next.close(fd);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	if (counts_to_fail(fd, 'w')) {
		errno = ENOSPC;
		return -1;
	}
	return next.write(fd, buf, n);
}

static ssize_t pread_as(ssize_t (*f)(int, void *, size_t, off_t), int fd,
			void *buf, size_t n, off_t at)
{
	if (counts_to_fail(fd, 'r')) {
		errno = EIO;
		return -1;
	}
	return f(fd, buf, n, at);
}

ssize_t pread(int fd, void *buf, size_t n, off_t at)
{
	return pread_as(next.pread, fd, buf, n, at);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t at)
{
	return pread_as(next.pread64, fd, buf, n, at);
}
