/*
 * The commands of the cramplog binary, one file each, and the few helpers
 * they share (choosing the database, printing diagnostics, exit codes).
 */
#ifndef CRAMPLOG_CMD_H
#define CRAMPLOG_CMD_H

#include "analysis.h"
#include "backtest.h"
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
int cmd_grant(int argc, char **argv);
int cmd_revoke(int argc, char **argv);
int cmd_copy(int argc, char **argv);

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
/* Writes all of stdout out, returning EXIT_IOERR (after a message) when
 * that fails, else code. */
int cmd_finish(int code);

/* Opens the database of --db (db, may be NULL), else $CRAMPLOG_DB, else
 * the default under $XDG_DATA_HOME (whose directory is made when flags
 * has STORE_CREATE). Prints what went wrong; returns an exit code. */
int cmd_open_store(const char *cmd, const char *db, unsigned flags,
		   store **out);
struct strbuf;
/* The path cmd_open_store opens for db (may be NULL): db, else
 * $CRAMPLOG_DB, else $XDG_DATA_HOME/cramplog/cramplog.db (HOME's
 * .local/share without it), added to path. 0 when given, 1 the default,
 * -1 when there is none (neither is set, nor HOME). */
int cmd_database_path(const char *db, struct strbuf *path);
/* A number of an option or the configuration file, read as a log's cell
 * is (value.h): decimal, no hex, blanks, "nan" or "inf". 0, or -1. */
int cmd_parse_number(const char *s, double *out);
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

/* --OPTION NAME (--athlete, --team): a name a log could hold (1 to 200
 * bytes of UTF-8, no control character, not only spaces). EXIT_OK, or
 * EXIT_USAGE after a message. */
int cmd_check_name(const char *cmd, const char *option, const char *arg);

/* Prints s (cmd_printf), then spaces up to width columns. */
void cmd_print_padded(FILE *out, const char *s, size_t width);

/*
 * Each command declares its options once, in a table of struct cmd_option
 * in the order --help lists them; cmd_parse builds getopt_long's array
 * from it, and cmd_help the option lines of --help. To add an option: a
 * line in the command's table (a code, its value's name, its help), and a
 * case for the code in the command's take function. Then its man page
 * (docs/man/) and cmd/completion.bash, which completion.sh holds to --help.
 */

/* The codes of the options cmd_parse takes itself, or for every analysis
 * command (cmd_analysis_option); a command's own codes are letters, which
 * are also the short option (-q), or from OPT_OWN on. */
enum {
	OPT_HELP = 'h',
	OPT_DB = 1000,
	OPT_FORMAT,
	OPT_ATHLETE,
	OPT_FROM,
	OPT_TO,
	OPT_WINDOW,
	OPT_ACWR,
	OPT_THRESHOLD,
	OPT_CONFIG,
	OPT_TEAM,
	OPT_ANALYSIS,           /* a table's place for the analysis options */
	OPT_OWN = 2000
};

struct cmd_option {
	const char *name;       /* the long name, "db"; NULL: the end of the
				 * table (code 0), or where the analysis
				 * options go (OPT_ANALYSIS) */
	int code;               /* what the command's take() is handed */
	const char *arg;        /* the value's name in --help ("PATH"); NULL:
				 * the option takes no value */
	const char *help;       /* its help, lines split at '\n'; NULL: no
				 * line of its own (another's names it) */
	const char *label;      /* what --help shows instead of "--name ARG"
				 * (lines split at '\n') */
};

/* --db, as every command that opens the database says it. */
#define CMD_OPTION_DB \
	{ "db", OPT_DB, "PATH", "the database (default: $CRAMPLOG_DB, else\n" \
	  "$XDG_DATA_HOME/cramplog/cramplog.db)", NULL }
/* --team, as every command that reads the database says it (the analysis
 * options hold it too). */
#define CMD_OPTION_TEAM \
	{ "team", OPT_TEAM, "NAME", "only this team's athletes", NULL }
/* The analysis options (--db, --team, --athlete, --from, --to, --window, --acwr,
 * --threshold, --config), each listed; with a label and help, listed as
 * that one line instead. An option of the command's own table of the
 * same name replaces the analysis one in --help. */
#define CMD_OPTIONS_ANALYSIS(label, help) \
	{ NULL, OPT_ANALYSIS, NULL, help, label }
/* The same, listed as one line: as for analyze. */
#define CMD_OPTIONS_ANALYSIS_AS_ANALYZE \
	CMD_OPTIONS_ANALYSIS("--window N, --acwr METHOD, --threshold " \
			     "NAME=VALUE,\n--config FILE, --team NAME,\n" \
			     "--db PATH", \
			     "as for 'cramplog analyze'")

/* --format text (the default) or json. */
extern const char *const cmd_text_json[];
/* --db, --team and --format text|json, the options of status and
 * athletes. */
extern const struct cmd_option cmd_listing_options[];

struct cmd_spec {
	const char *name;       /* "import" */
	const char *about;      /* --help before the option lines */
	const struct cmd_option *options;
	int width;              /* the column of the options' help */
	int thresholds;         /* --help lists the thresholds after them */
	const char *after;      /* --help after the options (exit status);
				 * the man page is named last */
	/* The values of --format, the default first; an alias after a '|'
	 * ("markdown|md"). NULL: no --format. */
	const char *const *formats;
	int operands;           /* the most operands taken; -1: any number */
	/* Takes the command's own option code with its value (NULL when it
	 * takes none): EXIT_OK, or an exit code after a message. */
	int (*take)(void *ctx, int code, const char *arg);
};

/* What cmd_parse found. */
struct cmd_args {
	void *ctx;              /* in: handed to spec->take */
	struct cmd_analysis *analysis;  /* in: where the analysis options go
					 * (a table with OPT_ANALYSIS) */
	const char *db;         /* --db, NULL when not given */
	const char *team;       /* --team, NULL when not given */
	int format;             /* the index of --format in spec->formats */
	char **operands;        /* in the order given */
	int noperands;
	int code;               /* when cmd_parse returns 0: the exit code */
};

/*
 * Parses the options of a command (argv[0] its name) by spec: --help
 * prints cmd_help and stops; --db, --format and the analysis options are
 * taken here, the command's own by spec->take. Options are taken anywhere
 * before "--" (import FILE --db X), as GNU tools do, whatever
 * POSIXLY_CORRECT says; "--" ends them, so that "-- --db" names a file.
 * More operands than spec->operands are an "unexpected argument". The
 * operands are also argv[optind] to argv[argc - 1]. Returns
 * 1 to go on, or 0 to stop with args->code: EXIT_OK after --help, else a
 * usage error (said).
 */
int cmd_parse(const struct cmd_spec *spec, int argc, char **argv,
	      struct cmd_args *args);
/* The command's --help. */
void cmd_help(const struct cmd_spec *spec, FILE *out);

#define CMD_MAX_THRESHOLDS 32

struct cmd_analysis {
	const char *db;
	const char *team;           /* --team, or NULL */
	const char *athlete;
	const char *config;
	const char *thresholds[CMD_MAX_THRESHOLDS];   /* "NAME=VALUE" */
	size_t nthresholds;
	int window_set, acwr_set;
	int from_set, to_set;       /* --from, --to given (their defaults,
				     * 1900-01-01 and 2199-12-31, may be) */
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
/* Makes st read only the athletes of team (--team; NULL: all of them):
 * EXIT_OK, EXIT_NOINPUT when no athlete is in that team, EXIT_SOFTWARE on
 * a database error (each after a message). */
int cmd_set_team(const char *cmd, store *st, const char *team);
/* Applies the configuration file, then the --threshold options, sets the
 * --team (cmd_set_team) and finds the --athlete in the store. Returns an
 * exit code (after a message). */
int cmd_analysis_prepare(const char *cmd, struct cmd_analysis *a, store *st);
/* Opens the database read-only, prepares a (cmd_analysis_prepare) and
 * computes the exposures of a->exp into t (released by the caller).
 * Returns an exit code, after a message when not EXIT_OK. */
int cmd_load_exposures(const char *cmd, struct cmd_analysis *a,
		       struct exposure_table *t);
/* The same without holding them: each session handed to each as it is
 * made (exposure_each), t left with the names and window only
 * (exposure_table_release it after, whatever the outcome). Returns an
 * exit code, EXIT_OK too when each stopped (the caller knows why). */
int cmd_each_exposure(const char *cmd, struct cmd_analysis *a,
		      exposure_each_fn each, void *arg,
		      struct exposure_table *t);
/* What report's load does in its snapshot (cmd_load_split). */
struct cmd_split {
	/* The period whose full rows and days are loaded, from the latest
	 * day with a session, before the flags are read (NULL, or a period
	 * that ends before it begins: none, t stays empty). */
	void (*settle)(void *arg, int32_t latest,
		       struct exposure_options *period);
	/* Each session's flags in turn, with its athlete's id
	 * (exposure_flags_each): required. */
	exposure_flags_fn each;
	/* 1: the flags made as exposure_each makes them (exposure_flags_each's
	 * made), for a then that reads the sessions again with it. */
	int made;
	/* Then, the period's rows loaded and the snapshot still held:
	 * reads more from st (0), or fails (-1, d filled). NULL: nothing. */
	int (*then)(void *arg, store *st, struct diag *d);
	void *arg;
};

/* In one snapshot: with how->settle, the latest day with a session of
 * a->exp's (none: nothing more is read) and the period settle gives;
 * the flags of every session a->exp selects handed to how->each as they
 * are read, none held (from the kept exposures; made from the log rows
 * a session at a time when the database keeps none for a's options),
 * their athletes' names and ids into names; the period's full rows and
 * days into t (its athletes numbered as names'); then how->then. With
 * settle and no session, nothing after settle (then is called whatever
 * without settle). Returns an exit code, after a message when not
 * EXIT_OK. */
int cmd_load_split(const char *cmd, struct cmd_analysis *a,
		   const struct cmd_split *how, struct flags_table *names,
		   struct exposure_table *t);
/* A backtest streamed to by cmd_load_split (how->each:
 * cmd_backtest_session, how->arg the stream): its walk (backtest.h,
 * made with how) made at the first session, when a's --athlete is
 * known, opt's athlete_id then a's. finish: the backtest of what came
 * (none: an empty one) into out, the walk freed; free: the walk of a
 * failed load. */
struct cmd_backtest_stream {
	struct backtest_options opt;
	const struct cmd_analysis *a;
	unsigned how;
	struct backtest_walk *w;
	uint64_t sessions;
};
void cmd_backtest_session(void *arg, const struct session_flags *e,
			  int64_t athlete_id);
void cmd_backtest_finish(struct cmd_backtest_stream *s, struct backtest *out);
void cmd_backtest_free(struct cmd_backtest_stream *s);

/* The analysis of a's selection into res: with flags, on the pattern
 * counts the database keeps (the work does not grow with the sessions);
 * else, or when it keeps none for these options, from the exposure
 * table. Returns an exit code, after a message when not EXIT_OK. */
int cmd_run_analysis(const char *cmd, struct cmd_analysis *a,
		     const struct analysis_options *opt,
		     struct analysis_result *res);
/* EXIT_OK, or EXIT_IOERR after "cramplog CMD: what failed" when res's
 * model lost its rows' temporary file (a full disk in TMPDIR). */
int cmd_spill_error(const char *cmd, const struct analysis_result *res);
struct pattern_table;
/* The pattern counts of a's sessions from the kept exposures into pt:
 * EXIT_OK with *counted 1; EXIT_OK with *counted 0 when the database
 * keeps none for a's options (count from the log rows then); an exit
 * code after a message otherwise (a store error, a kept row not as
 * cramplog writes it). */
int cmd_load_patterns(const char *cmd, struct cmd_analysis *a,
		      struct pattern_table *pt, int *counted);
/* An integer lo..hi, the whole of s: 0, or -1. */
int cmd_parse_int(const char *s, int lo, int hi, int *out);
/* --design pooled|within and --model firth|mle: 0, or EXIT_USAGE after a
 * message. */
int cmd_parse_design(const char *cmd, const char *arg, enum design *out);
int cmd_parse_method(const char *cmd, const char *arg,
		     enum stats_method *out);
/* --timeout SECONDS, 1 to 3600: 0, or EXIT_USAGE after a message. */
int cmd_parse_timeout(const char *cmd, const char *arg, int *out);
/* --knots 3|4|5 into opt->knots: 0, or EXIT_USAGE after a message. */
int cmd_parse_knots(const char *cmd, const char *arg,
		    struct analysis_options *opt);
/* --factors LIST into opt (analysis_set_factors): 0, or EXIT_USAGE after a
 * message naming the unknown factor. */
int cmd_parse_factors(const char *cmd, const char *arg,
		      struct analysis_options *opt);

#endif
