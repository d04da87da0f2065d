/*
 * The commands of the cramplog binary, one file each, and the few helpers
 * they share (choosing the database, printing diagnostics, exit codes).
 */
#ifndef CRAMPLOG_CMD_H
#define CRAMPLOG_CMD_H

#include "analysis.h"
#include "diag.h"
#include "exposure.h"
#include "store.h"

#include <stdio.h>

/* Exit codes (sysexits.h). */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 64,
	EXIT_DATAERR = 65,
	EXIT_NOINPUT = 66,
	EXIT_UNAVAILABLE = 69,
	EXIT_SOFTWARE = 70,
	EXIT_CANTCREAT = 73,
	EXIT_IOERR = 74
};

int cmd_import(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_athletes(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_exposures(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_upgrade(int argc, char **argv);
int cmd_validate(int argc, char **argv);

/* getopt_long for the commands: options are taken anywhere before "--"
 * (import FILE --db X), as GNU tools do, whatever POSIXLY_CORRECT says; a
 * "--" ends them, so that "-- --db" names a file. Call it in a loop as
 * getopt_long (opterr = 0, optind = 1 before, optstring without a leading
 * '+' or '-', *nargs = 0 before), with nargs the same each time. It
 * returns each option's code, ':' when an option's value is missing or
 * empty (cmd_bad_option says which), '?' for an unknown option, and -1 at
 * the end, when the operands are argv[optind] to argv[argc - 1], in the
 * order given. */
struct option;
int cmd_getopt(int argc, char **argv, const char *optstring,
	       const struct option *longopts, int *nargs);
/* Prints the formatted text to out with control characters and bytes
 * that are not UTF-8 escaped (text_add_printable), all but a final
 * newline: a file name, a name or a value cannot reach the terminal raw
 * (move the cursor, set the window title, reorder the line). */
void cmd_printf(FILE *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints every entry of d to stderr, "cramplog: " before those that name no
 * file, then a line for any entries not kept. */
void cmd_print_diag(const struct diag *d);
/* Prints "cramplog CMD: message" (cmd_printf) to stderr, then a hint to
 * try --help, and returns EXIT_USAGE. */
int cmd_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The usage error of an option cmd_getopt refused with c: ':' when its
 * value is missing ("option '--out' needs a value") or empty, else
 * unknown. Returns EXIT_USAGE. */
int cmd_bad_option(const char *cmd, int c, char *const argv[]);
/* Writes all of stdout out, returning EXIT_IOERR (after a message) when
 * that fails, else code. */
int cmd_finish(int code);

/* Opens the database of --db (db, may be NULL), else $CRAMPLOG_DB, else
 * the default under $XDG_DATA_HOME (whose directory is made when flags
 * has STORE_CREATE). Prints what went wrong; returns an exit code. */
int cmd_open_store(const char *cmd, const char *db, unsigned flags,
		   store **out);
/* 1 when path is the database at db, or its -wal, -shm or -journal file
 * (the same file, whatever the name), else 0. */
int cmd_is_database(const char *path, const char *db);
/* 1 when directory dir holds the database at db: is the directory of the
 * name db gives, or of the file a link there names. Else 0. */
int cmd_dir_holds_database(const char *dir, const char *db);
/* The columns a string takes on a terminal as cmd_printf prints it. */
size_t cmd_display_width(const char *s);
/* Prints the formatted text folded at 78 columns, each line after the
 * first begun with indent. */
void cmd_print_wrapped(FILE *out, const char *indent, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reads a whole file of at most max bytes (else EFBIG) into *out, which
 * the caller frees. Returns 0, or -1 with errno set. */
int cmd_read_file(const char *path, size_t max, char **out, size_t *len);

/* Prints s (cmd_printf), then spaces up to width columns. */
void cmd_print_padded(FILE *out, const char *s, size_t width);

/* The options the analysis commands share. Their getopt_long codes: */
enum {
	OPT_DB = 1000,
	OPT_ATHLETE,
	OPT_FROM,
	OPT_TO,
	OPT_WINDOW,
	OPT_ACWR,
	OPT_THRESHOLD,
	OPT_CONFIG
};

#define CMD_ANALYSIS_LONGOPTS \
	{ "db", required_argument, NULL, OPT_DB }, \
	{ "athlete", required_argument, NULL, OPT_ATHLETE }, \
	{ "from", required_argument, NULL, OPT_FROM }, \
	{ "to", required_argument, NULL, OPT_TO }, \
	{ "window", required_argument, NULL, OPT_WINDOW }, \
	{ "acwr", required_argument, NULL, OPT_ACWR }, \
	{ "threshold", required_argument, NULL, OPT_THRESHOLD }, \
	{ "config", required_argument, NULL, OPT_CONFIG }

#define CMD_MAX_THRESHOLDS 32

struct cmd_analysis {
	const char *db;
	const char *athlete;
	const char *config;
	const char *thresholds[CMD_MAX_THRESHOLDS];   /* "NAME=VALUE" */
	size_t nthresholds;
	int window_set, acwr_set;
	int squad;                  /* exposures of every athlete, whatever
				     * --athlete says */
	int64_t athlete_id;         /* --athlete's, once prepared; 0 */
	const char *outputs[3];     /* files the command writes (NULL: no
				     * more): refused when one is the
				     * database */
	const char *output_dir;     /* a directory the command writes
				     * into (NULL: none): refused when it
				     * holds the database */
	struct exposure_options exp;
};

void cmd_analysis_init(struct cmd_analysis *a);
/* Takes option c with its argument: 1 when it was one of the shared
 * options, 0 when not, -1 after printing a usage error. */
int cmd_analysis_option(const char *cmd, int c, const char *arg,
			struct cmd_analysis *a);
/* Applies the configuration file, then the --threshold options, and finds
 * the --athlete in the store. Returns an exit code (after a message). */
int cmd_analysis_prepare(const char *cmd, struct cmd_analysis *a, store *st);
/* Opens the database read-only, prepares a (cmd_analysis_prepare) and
 * computes the exposures of a->exp into t (released by the caller).
 * Returns an exit code, after a message when not EXIT_OK. */
int cmd_load_exposures(const char *cmd, struct cmd_analysis *a,
		       struct exposure_table *t);
/* An integer lo..hi, the whole of s: 0, or -1. */
int cmd_parse_int(const char *s, int lo, int hi, int *out);
/* --design pooled|within and --model firth|mle: 0, or EXIT_USAGE after a
 * message. */
int cmd_parse_design(const char *cmd, const char *arg, enum design *out);
int cmd_parse_method(const char *cmd, const char *arg,
		     enum stats_method *out);
/* The help lines of the shared options, and of the thresholds. */
void cmd_analysis_usage(FILE *out);
void cmd_thresholds_usage(FILE *out);

#endif
