/*
 * What the commands share: choosing and opening the database, printing
 * diagnostics, usage errors and the final flush of standard output.
 */
#include "cmd.h"
#include "outfile.h"
#include "strbuf.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Prints the text formatted from fmt and ap to out, made printable
 * (text_add_printable) but for a final newline. */
static void vprint(FILE *out, const char *fmt, va_list ap)
{
	struct strbuf text = STRBUF_INIT, shown = STRBUF_INIT;
	int newline;

	strbuf_vaddf(&text, fmt, ap);
	newline = text.len && text.buf[text.len - 1] == '\n';
	text_add_printable(&shown, text.buf, text.len - (size_t)newline,
			   SIZE_MAX);
	if (newline)
		strbuf_addch(&shown, '\n');
	fputs(shown.buf, out);
	strbuf_release(&text);
	strbuf_release(&shown);
}

void cmd_printf(FILE *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(out, fmt, ap);
	va_end(ap);
}

void cmd_print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->count; i++) {
		char *line = diag_format(&d->entries[i]);

		cmd_printf(stderr, "%s%s\n", d->entries[i].file ? "" : "cramplog: ",
			   line);
		free(line);
	}
	if (d->dropped)
		fprintf(stderr, "cramplog: ... and %zu more problems not shown\n",
			d->dropped);
}

int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cramplog %s: ", cmd);
	va_start(ap, fmt);
	vprint(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'cramplog %s --help'.\n", cmd);
	return EXIT_USAGE;
}

int cmd_finish(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "cramplog: cannot write the output: %s\n",
			strerror(errno));
		return EXIT_IOERR;
	}
	return code;
}

/* mkdir -p, each new directory private (0700). */
static int make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

int cmd_database_path(const char *db, struct strbuf *path)
{
	const char *env;

	if (!db && (env = getenv("CRAMPLOG_DB")) && *env)
		db = env;
	if (db) {
		strbuf_addstr(path, db);
		return 0;
	}
	if ((env = getenv("XDG_DATA_HOME")) && env[0] == '/')
		strbuf_addstr(path, env);
	else if ((env = getenv("HOME")) && *env)
		strbuf_addf(path, "%s/.local/share", env);
	else
		return -1;
	strbuf_addstr(path, "/cramplog/cramplog.db");
	return 1;
}

int cmd_open_store(const char *cmd, const char *db, unsigned flags,
		   store **out)
{
	struct strbuf path = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	int is_default, code = EXIT_OK;
	struct stat sb;

	*out = NULL;
	is_default = cmd_database_path(db, &path);
	if (is_default < 0) {
		cmd_printf(stderr, "cramplog %s: no database given: use --db "
			"PATH or set CRAMPLOG_DB (HOME is not set)\n", cmd);
		strbuf_release(&path);
		return EXIT_USAGE;
	}
	if (is_default && (flags & STORE_CREATE) && !(flags & STORE_SCRATCH)) {
		/* Its directory, $XDG_DATA_HOME/cramplog. */
		char *slash = strrchr(path.buf, '/');
		int made;

		*slash = '\0';
		made = make_dirs(path.buf);
		if (made < 0)
			cmd_printf(stderr, "cramplog %s: cannot create %s: %s\n",
				   cmd, path.buf, strerror(errno));
		*slash = '/';
		if (made < 0) {
			strbuf_release(&path);
			return EXIT_CANTCREAT;
		}
	}
	if (!(flags & STORE_CREATE) && !store_is_server(path.buf) &&
	    stat(path.buf, &sb) < 0 && errno == ENOENT) {
		cmd_printf(stderr, "cramplog %s: no database at %s: import some logs "
			"first ('cramplog import FILE...')%s\n", cmd, path.buf,
			is_default ? "" : "");
		strbuf_release(&path);
		return EXIT_NOINPUT;
	}
	switch (store_open(out, path.buf, flags, &d)) {
	case 0:
		break;
	case STORE_ERR_IO:
		cmd_print_diag(&d);
		code = (flags & STORE_CREATE) ? EXIT_CANTCREAT : EXIT_NOINPUT;
		break;
	case STORE_ERR_USAGE:        /* a password in a PostgreSQL URI */
		cmd_print_diag(&d);
		code = EXIT_USAGE;
		break;
	case STORE_ERR_UNAVAILABLE:  /* the server cannot be reached */
		cmd_print_diag(&d);
		code = EXIT_UNAVAILABLE;
		break;
	default:   /* not ours, a schema it cannot use, empty: no input */
		cmd_print_diag(&d);
		code = EXIT_NOINPUT;
		break;
	}
	diag_release(&d);
	strbuf_release(&path);
	return code;
}

int cmd_is_database(const char *path, const char *db)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	struct strbuf name = STRBUF_INIT;
	struct stat p, s;
	int same = 0;

	if (stat(path, &p) < 0)
		return 0;
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s%s", db, suffix[i]);
		if (stat(name.buf, &s) == 0 && s.st_dev == p.st_dev &&
		    s.st_ino == p.st_ino)
			same = 1;
	}
	strbuf_release(&name);
	return same;
}

/* 1 when the directory of path is dir (st). */
static int in_dir(const char *path, const struct stat *dir)
{
	struct strbuf parent = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	struct stat st;
	int in;

	strbuf_add(&parent, path, slash ? (size_t)(slash - path) + 1 : 0);
	strbuf_addch(&parent, '.');
	in = stat(parent.buf, &st) == 0 && st.st_dev == dir->st_dev &&
	     st.st_ino == dir->st_ino;
	strbuf_release(&parent);
	return in;
}

int cmd_dir_holds_database(const char *dir, const char *db)
{
	struct diag d = DIAG_INIT;
	struct stat st;
	char *real;
	int holds;

	if (stat(dir, &st) < 0)
		return 0;
	real = outfile_resolve(db, &d);
	holds = in_dir(db, &st) || (real && in_dir(real, &st));
	free(real);
	diag_release(&d);
	return holds;
}

size_t cmd_display_width(const char *s)
{
	struct strbuf shown = STRBUF_INIT;
	size_t w;

	text_add_printable(&shown, s, strlen(s), SIZE_MAX);
	w = text_width(shown.buf, shown.len);
	strbuf_release(&shown);
	return w;
}

void cmd_print_wrapped(FILE *out, const char *indent, const char *fmt, ...)
{
	struct strbuf text = STRBUF_INIT, folded = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&text, fmt, ap);
	va_end(ap);
	text_wrap(&folded, text.buf, indent, 78);
	fputs(folded.buf, out);
	strbuf_release(&text);
	strbuf_release(&folded);
}

void cmd_print_padded(FILE *out, const char *s, size_t width)
{
	size_t w = cmd_display_width(s);

	cmd_printf(out, "%s", s);
	for (; w < width; w++)
		fputc(' ', out);
}

int cmd_check_name(const char *cmd, const char *option, const char *arg)
{
	const char *blank = arg;
	size_t len = strlen(arg);

	if (!*arg || len > 200)
		return cmd_usage_error(cmd, "--%s must be a name of 1 to 200 "
				       "bytes", option);
	if (text_utf8_check(arg, len) != len)
		return cmd_usage_error(cmd, "--%s: the name is not UTF-8", option);
	if (text_find_control(arg, len) != len)
		return cmd_usage_error(cmd, "--%s: a control character in the "
				       "name", option);
	/* Spaces alone, trimmed as a log's names are, name nobody. */
	text_trim(&blank, &len);
	if (!len)
		return cmd_usage_error(cmd, "--%s: a name of spaces alone", option);
	return EXIT_OK;
}
