/*
 * Files written through a temporary file and a rename, with the symbolic
 * links on the way followed by hand, so that each can be judged before it
 * is followed (fs.protected_symlinks' rule; see outfile.h).
 */
#include "outfile.h"
#include "strbuf.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* As many links as Linux follows in one path (MAXSYMLINKS). */
#define MAX_LINKS 40

/* 1 when the link described by link, in directory dir, must not be
 * followed: dir is sticky and world-writable, and the link belongs to
 * neither the user nor dir's owner. */
static int link_unsafe(const char *dir, const struct stat *link)
{
	struct stat st;

	if (stat(dir, &st) < 0)
		return 1;
	return (st.st_mode & S_ISVTX) && (st.st_mode & S_IWOTH) &&
	       link->st_uid != geteuid() && link->st_uid != st.st_uid;
}

static void swap(struct strbuf *a, struct strbuf *b)
{
	struct strbuf t = *a;

	*a = *b;
	*b = t;
}

/*
 * The walk: done is the directory reached so far (absolute, without links,
 * "" for the root), rest the components still to walk from pos. A link's
 * target takes its place at the head of rest.
 */
char *outfile_resolve(const char *path, struct diag *d)
{
	struct strbuf done = STRBUF_INIT, rest = STRBUF_INIT, next = STRBUF_INIT;
	char target[4096];
	size_t pos = 0;
	int links = 0, err = 0;

	if (!*path) {
		diag_error(d, "'': %s", strerror(ENOENT));
		return NULL;
	}
	if (path[0] != '/') {
		char *cwd = getcwd(NULL, 0);

		if (!cwd) {
			diag_error(d, "%s: cannot tell the current directory: %s",
				   path, strerror(errno));
			return NULL;
		}
		strbuf_addstr(&done, strcmp(cwd, "/") ? cwd : "");
		free(cwd);
	}
	strbuf_addstr(&rest, path);
	while (!err) {
		struct stat st;
		const char *comp;
		size_t n;
		ssize_t len;
		int last;

		pos += strspn(rest.buf + pos, "/");
		if (!rest.buf[pos])
			break;
		comp = rest.buf + pos;
		n = strcspn(comp, "/");
		last = comp[n + strspn(comp + n, "/")] == '\0';
		pos += n;
		if (n == 1 && comp[0] == '.')
			continue;
		if (n == 2 && comp[0] == '.' && comp[1] == '.') {
			/* done has no links: its parent is its parent. */
			char *slash = strrchr(done.buf, '/');

			if (slash) {
				done.len = (size_t)(slash - done.buf);
				done.buf[done.len] = '\0';
			}
			continue;
		}
		strbuf_reset(&next);
		strbuf_add(&next, done.buf, done.len);
		strbuf_addch(&next, '/');
		strbuf_add(&next, comp, n);
		if (lstat(next.buf, &st) < 0) {
			/* The file to make: the last name, in a directory. */
			if (errno == ENOENT && last)
				swap(&done, &next);
			else
				err = errno;
			continue;
		}
		if (!S_ISLNK(st.st_mode)) {
			swap(&done, &next);
			continue;
		}
		if (link_unsafe(done.len ? done.buf : "/", &st)) {
			diag_error(d, "%s: not following the symbolic link %s: it "
				   "belongs to another user, in a shared (sticky, "
				   "world-writable) directory", path, next.buf);
			goto fail;
		}
		if (++links > MAX_LINKS) {
			err = ELOOP;
			continue;
		}
		len = readlink(next.buf, target, sizeof(target));
		if (len < 0 || (size_t)len == sizeof(target)) {
			err = len < 0 ? errno : ENAMETOOLONG;
			continue;
		}
		/* The target, then what was left after the link. */
		strbuf_reset(&next);
		strbuf_add(&next, target, (size_t)len);
		strbuf_addch(&next, '/');
		strbuf_addstr(&next, rest.buf + pos);
		swap(&rest, &next);
		pos = 0;
		if (target[0] == '/')
			strbuf_reset(&done);
	}
	if (!err && !done.len)
		strbuf_addch(&done, '/');
	if (err) {
		diag_error(d, "%s: %s", path, strerror(err));
		goto fail;
	}
	strbuf_release(&rest);
	strbuf_release(&next);
	return strbuf_detach(&done);
fail:
	strbuf_release(&done);
	strbuf_release(&rest);
	strbuf_release(&next);
	return NULL;
}

/* 1 when path is an SQLite database or write-ahead log (by its first
 * bytes), which a report or chart never replaces. */
static int is_sqlite(const char *path)
{
	static const unsigned char wal[2][4] = {
		{ 0x37, 0x7f, 0x06, 0x82 }, { 0x37, 0x7f, 0x06, 0x83 }
	};
	unsigned char head[16];
	struct stat st;
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		n = read(fd, head, sizeof(head));
	close(fd);
	return (n == 16 && memcmp(head, "SQLite format 3", 16) == 0) ||
	       (n >= 4 && (memcmp(head, wal[0], 4) == 0 ||
			   memcmp(head, wal[1], 4) == 0));
}

static void outfile_release(struct outfile *f)
{
	free(f->dest);
	free(f->tmp);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}

/* outfile_resolve's path, unless it leads to an SQLite file: NULL then,
 * with d filled. */
static char *resolve_replaceable(const char *path, struct diag *d)
{
	char *dest = outfile_resolve(path, d);

	if (dest && is_sqlite(dest)) {
		diag_error(d, "%s is an SQLite database (%s): not replaced", path,
			   dest);
		free(dest);
		return NULL;
	}
	return dest;
}

int outfile_check(const char *path, struct diag *d)
{
	char *dest = resolve_replaceable(path, d);

	free(dest);
	return dest ? 0 : -1;
}

/* Reports why no file can be made beside dest when the kernel says
 * ENOENT although its directory was there a moment ago: some file systems
 * (/proc) say so of any new file. access tells the real reason (EACCES,
 * EROFS), if any. */
static void create_error(const char *path, const char *dest, struct diag *d)
{
	const char *slash = strrchr(dest, '/');
	char *dir = slash == dest ? xstrdup("/") :
		    xmemdupz(dest, (size_t)(slash - dest));

	if (access(dir, W_OK) < 0)
		diag_error(d, "%s: %s", path, strerror(errno));
	else
		diag_error(d, "%s: no new file can be made in %s (its file "
			   "system makes none)", path, dir);
	free(dir);
}

/* What path is, its links followed (/dev/stdout is a link to a
 * descriptor's, which names no file): a descriptor to write into as it is,
 * for a device or a pipe (/dev/null, a FIFO: a file renamed over it would
 * replace the device, as root /dev/null itself) or standard output's own
 * file (written after what it holds, not replaced under it); -1 with
 * errno for a directory or a failure; -2 when a new file is to be made. */
static int written_into(const char *path)
{
	struct stat st, out;

	if (stat(path, &st) < 0)
		return -2;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	if (!S_ISREG(st.st_mode))
		return open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fstat(STDOUT_FILENO, &out) == 0 && out.st_dev == st.st_dev &&
	    out.st_ino == st.st_ino) {
		fflush(stdout);
		return fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0);
	}
	return -2;
}

int outfile_open(struct outfile *f, const char *path, struct diag *d)
{
	struct strbuf tmp = STRBUF_INIT;
	int into;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	if (!(f->dest = resolve_replaceable(path, d)))
		return -1;
	if ((into = written_into(path)) != -2) {
		f->fd = into;
		if (into < 0) {
			diag_error(d, "%s: %s", path, strerror(errno));
			outfile_release(f);
			return -1;
		}
		return 0;
	}
	/* NAME.tmpPIDxxxxxx: whose, and whatever else is there. */
	strbuf_addf(&tmp, "%s.tmp%ldXXXXXX", f->dest, (long)getpid());
	/* O_EXCL, mode 0600: a new file of ours, nothing planted. */
	f->fd = mkstemp(tmp.buf);
	if (f->fd < 0 && errno == ENOENT) {
		create_error(path, f->dest, d);
		strbuf_release(&tmp);
		outfile_release(f);
		return -1;
	}
	if (f->fd < 0 || fcntl(f->fd, F_SETFD, FD_CLOEXEC) < 0) {
		diag_error(d, "%s: %s", path, strerror(errno));
		if (f->fd >= 0) {
			close(f->fd);
			unlink(tmp.buf);
		}
		strbuf_release(&tmp);
		outfile_release(f);
		return -1;
	}
	f->tmp = strbuf_detach(&tmp);
	return 0;
}

int outfile_commit(struct outfile *f, struct diag *d)
{
	int rc = 0;

	if (f->fd >= 0 && close(f->fd) < 0)
		rc = diag_error(d, "%s: %s", f->dest, strerror(errno));
	f->fd = -1;
	if (rc == 0 && f->tmp && rename(f->tmp, f->dest) < 0)
		rc = diag_error(d, "%s: %s", f->dest, strerror(errno));
	if (rc < 0 && f->tmp)
		unlink(f->tmp);
	outfile_release(f);
	return rc;
}

void outfile_discard(struct outfile *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->tmp)
		unlink(f->tmp);
	outfile_release(f);
}

int outfile_write_all(int fd, const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

void outfile_append(struct outfile *f, const char *buf, size_t len)
{
	if (!f->err && outfile_write_all(f->fd, buf, len) < 0)
		f->err = errno;
}

int outfile_finish(struct outfile *f, const char *path, struct diag *d)
{
	/* A new file flushed to the disk; a device or a pipe as it is. */
	if (!f->err && f->tmp && fsync(f->fd) < 0)
		f->err = errno;
	if (f->err) {
		diag_error(d, "%s: %s", path, strerror(f->err));
		outfile_discard(f);
		return -1;
	}
	return outfile_commit(f, d);
}

int outfile_write(const char *path, const char *buf, size_t len,
		  struct diag *d)
{
	struct outfile f;

	if (outfile_open(&f, path, d) < 0)
		return -1;
	outfile_append(&f, buf, len);
	return outfile_finish(&f, path, d);
}

int outfile_read_all(const char *path, size_t max, char **out, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (sb.len > max) {
			errno = EFBIG;
			n = -1;
			break;
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	close(fd);
	if (n < 0) {
		strbuf_release(&sb);
		return -1;
	}
	*len = sb.len;
	*out = strbuf_detach(&sb);
	return 0;
}
