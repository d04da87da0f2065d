/*
 * Files written whole or not at all, and safely in a shared directory.
 *
 * Each file is written first to a new temporary file beside its
 * destination (made with O_EXCL: never an existing file or a link; mode
 * 0600), then renamed over the destination: a reader sees the old file or
 * the new one, never half of one, and nothing planted at the
 * destination's name is ever opened.
 *
 * A symbolic link on the way to the destination is followed (the file it
 * names is replaced, or made when it does not exist yet), unless following
 * it is unsafe by the rule of Linux's fs.protected_symlinks: a link in a
 * sticky, world-writable directory (/tmp) whose owner is neither the user
 * nor the directory's owner is never followed, whatever the kernel's
 * setting. Another user cannot make us write through a link they planted.
 *
 * An SQLite database or write-ahead log (known by its first bytes) is
 * never replaced, whatever name or link leads to it.
 */
#ifndef CRAMPLOG_OUTFILE_H
#define CRAMPLOG_OUTFILE_H

#include "diag.h"

#include <stddef.h>

/* The file that writing to path replaces or makes: an absolute path with
 * every symbolic link followed (a link at the end that names nothing yet:
 * the file it names), which the caller frees. NULL with d filled when a
 * link is unsafe to follow or a directory on the way does not exist. */
char *outfile_resolve(const char *path, struct diag *d);

/* A file being written: fd open on tmp, a new private file beside dest. */
struct outfile {
	char *dest;     /* the file to replace, resolved (outfile_resolve) */
	char *tmp;      /* the temporary file, in dest's directory:
			 * dest.tmpPID and six random characters; NULL
			 * when dest is a device or a pipe, written into */
	int fd;         /* open for writing on tmp; -1 once closed */
	int err;        /* the first failed write's errno; 0: none */
};

/* Whether path could be written now: 0, or -1 with d filled when a link
 * on the way is unsafe to follow, a directory on the way does not exist,
 * or path leads to an SQLite file (outfile_open's refusals, before a file
 * of several is written). */
int outfile_check(const char *path, struct diag *d);

/* Makes the temporary file for path; a path that is a device or a pipe
 * (/dev/null, /dev/stdout, a FIFO), or standard output's own file, is
 * written into instead, and commit renames nothing. 0, or -1 with d filled (f is then empty:
 * nothing to discard), also when path leads to an SQLite file or a
 * directory. */
int outfile_open(struct outfile *f, const char *path, struct diag *d);
/* Closes the temporary file (if still open) and renames it over the
 * destination; on failure removes it. Either way f is released. 0, or -1
 * with d filled. */
int outfile_commit(struct outfile *f, struct diag *d);
/* Closes and removes the temporary file, and releases f. */
void outfile_discard(struct outfile *f);

/* Writes all len bytes of buf to fd (again after EINTR). 0, or -1 with
 * errno set. */
int outfile_write_all(int fd, const char *buf, size_t len);

/* Writes len bytes of buf to f after what it holds; once a write has
 * failed (f->err set), nothing more: outfile_finish tells it. */
void outfile_append(struct outfile *f, const char *buf, size_t len);
/* Flushes a new file to the disk and renames it over its destination
 * (outfile_commit); after a failed write, or when the flush fails,
 * removes it instead. 0, or -1 with d filled ("PATH: why"). */
int outfile_finish(struct outfile *f, const char *path, struct diag *d);

/* Writes len bytes of buf to path (a user's --out FILE too): a regular
 * file, or one to be made, whole (flushed to the disk before the rename)
 * or not at all; a file that is not a regular one (a terminal, a pipe,
 * /dev/null) as it is; standard output by another name (/dev/stdout
 * redirected into a file) where it is, not as a new file under it; a
 * directory refused (outfile_open). 0, or -1 with d filled. */
int outfile_write(const char *path, const char *buf, size_t len,
		  struct diag *d);

/* Reads the whole file at path, of at most max bytes (else EFBIG), into
 * *out (NUL-terminated; the caller frees it) and its length into *len.
 * 0, or -1 with errno set. */
int outfile_read_all(const char *path, size_t max, char **out, size_t *len);

#endif
