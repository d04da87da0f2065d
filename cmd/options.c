/*
 * The commands' options: cmd_parse and cmd_help read each command's table
 * (struct cmd_option), and take --help, --db, --format and the options
 * the analysis commands share (exposures, analyze, report, validate,
 * plot): the selection of sessions, the intake window, the ACWR method and
 * the thresholds, from the configuration file and then the command line,
 * which wins.
 */
#include "analysis.h"
#include "calendar.h"
#include "cmd.h"
#include "config.h"
#include "outfile.h"
#include "patterns.h"
#include "strbuf.h"
#include "value.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cmd_analysis_init(struct cmd_analysis *a)
{
	memset(a, 0, sizeof(*a));
	exposure_options_init(&a->exp);
}

static int parse_window(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 28)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_acwr(const char *s, enum acwr_method *out)
{
	if (strcmp(s, "coupled") == 0)
		*out = ACWR_COUPLED;
	else if (strcmp(s, "uncoupled") == 0)
		*out = ACWR_UNCOUPLED;
	else if (strcmp(s, "ewma") == 0)
		*out = ACWR_EWMA;
	else
		return -1;
	return 0;
}

int cmd_parse_number(const char *s, double *out)
{
	return value_parse_number(s, strlen(s), 0, out) == 0 ? 0 : -1;
}

/* Takes the analysis option c with its value: EXIT_OK, or EXIT_USAGE
 * after a message. */
static int analysis_option(const char *cmd, int c, const char *arg,
			   struct cmd_analysis *a)
{
	int32_t day;

	switch (c) {
	case OPT_ATHLETE:
		a->athlete = arg;
		break;
	case OPT_FROM:
	case OPT_TO:
		if (calendar_parse_date(arg, strlen(arg), &day) < 0)
			return cmd_usage_error(cmd, "--%s must be a date YYYY-MM-DD, "
					       "not '%s'", c == OPT_FROM ? "from" :
					       "to", arg);
		if (c == OPT_FROM) {
			a->exp.from_day = day;
			a->from_set = 1;
		} else {
			a->exp.to_day = day;
			a->to_set = 1;
		}
		break;
	case OPT_WINDOW:
		if (parse_window(arg, &a->exp.window_days) < 0)
			return cmd_usage_error(cmd, "--window must be 1 to 28 days, "
					       "not '%s'", arg);
		a->window_set = 1;
		break;
	case OPT_ACWR:
		if (parse_acwr(arg, &a->exp.acwr) < 0)
			return cmd_usage_error(cmd, "--acwr must be coupled, "
					       "uncoupled or ewma, not '%s'", arg);
		a->acwr_set = 1;
		break;
	case OPT_THRESHOLD:
		if (a->nthresholds == CMD_MAX_THRESHOLDS)
			return cmd_usage_error(cmd, "too many --threshold options");
		if (!strchr(arg, '='))
			return cmd_usage_error(cmd, "--threshold takes NAME=VALUE, "
					       "not '%s'", arg);
		a->thresholds[a->nthresholds++] = arg;
		break;
	case OPT_CONFIG:
		a->config = arg;
		break;
	}
	return EXIT_OK;
}

struct config_ctx {
	struct cmd_analysis *a;
	const char *file;
	struct diag *d;
};

static int on_setting(const char *section, const char *name, const char *value,
		      unsigned long line, void *arg)
{
	struct config_ctx *c = arg;
	struct diag one = DIAG_INIT;
	double x;

	if (strcmp(section, "thresholds") == 0) {
		if (cmd_parse_number(value, &x) < 0)
			return diag_add(c->d, DIAG_ERROR, c->file, line, 0,
					"%s: '%s' is not a number", name, value);
		if (exposure_set_threshold(&c->a->exp.thresholds, name, x, &one) < 0) {
			diag_add(c->d, DIAG_ERROR, c->file, line, 0, "%s",
				 one.count ? one.entries[0].message : "bad threshold");
			diag_release(&one);
			return -1;
		}
		return 0;
	}
	if (strcmp(section, "analysis") == 0) {
		if (strcmp(name, "window") == 0) {
			if (c->a->window_set)
				return 0;
			if (parse_window(value, &c->a->exp.window_days) == 0)
				return 0;
			return diag_add(c->d, DIAG_ERROR, c->file, line, 0,
					"window must be 1 to 28 days, not '%s'",
					value);
		}
		if (strcmp(name, "acwr") == 0) {
			if (c->a->acwr_set)
				return 0;
			if (parse_acwr(value, &c->a->exp.acwr) == 0)
				return 0;
			return diag_add(c->d, DIAG_ERROR, c->file, line, 0,
					"acwr must be coupled, uncoupled or ewma, "
					"not '%s'", value);
		}
		return diag_add(c->d, DIAG_ERROR, c->file, line, 0,
				"unknown setting '%s' in [analysis]", name);
	}
	return diag_add(c->d, DIAG_ERROR, c->file, line, 0,
			"'%s' is not in a known section ([thresholds] or "
			"[analysis])", name);
}

/* The configuration file: --config, else $XDG_CONFIG_HOME/cramplog/config
 * (~/.config/cramplog/config), which may be absent. */
static int load_config(const char *cmd, struct cmd_analysis *a)
{
	struct strbuf path = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	struct config_ctx ctx = { a, NULL, &d };
	const char *env;
	char *text = NULL;
	size_t len;
	int code = EXIT_OK;

	if (a->config)
		strbuf_addstr(&path, a->config);
	else if ((env = getenv("XDG_CONFIG_HOME")) && env[0] == '/')
		strbuf_addf(&path, "%s/cramplog/config", env);
	else if ((env = getenv("HOME")) && *env)
		strbuf_addf(&path, "%s/.config/cramplog/config", env);
	else
		return EXIT_OK;
	if (outfile_read_all(path.buf, 1 << 20, &text, &len) < 0) {
		if (errno == ENOENT && !a->config) {
			strbuf_release(&path);
			return EXIT_OK;
		}
		cmd_printf(stderr, "cramplog %s: cannot read %s: %s\n", cmd,
			   path.buf, strerror(errno));
		strbuf_release(&path);
		return EXIT_NOINPUT;
	}
	ctx.file = path.buf;
	if (config_parse(path.buf, text, len, on_setting, &ctx, &d) < 0) {
		cmd_print_diag(&d);
		code = EXIT_USAGE;
	}
	diag_release(&d);
	free(text);
	strbuf_release(&path);
	return code;
}

int cmd_set_team(const char *cmd, store *st, const char *team)
{
	struct diag d = DIAG_INIT;
	int rc = store_set_team(st, team, &d);

	if (rc < 0) {
		cmd_print_diag(&d);
		diag_release(&d);
		return EXIT_SOFTWARE;
	}
	if (rc == 0) {
		cmd_printf(stderr, "cramplog %s: no athlete in team '%s' in the "
			   "database (see 'cramplog athletes --format json')\n",
			   cmd, team);
		return EXIT_NOINPUT;
	}
	return EXIT_OK;
}

int cmd_analysis_prepare(const char *cmd, struct cmd_analysis *a, store *st)
{
	struct diag d = DIAG_INIT;
	int code;

	if ((code = load_config(cmd, a)) != EXIT_OK)
		return code;
	for (size_t i = 0; i < a->nthresholds; i++) {
		const char *eq = strchr(a->thresholds[i], '=');
		char name[64];
		double x;

		if ((size_t)(eq - a->thresholds[i]) >= sizeof(name) ||
		    cmd_parse_number(eq + 1, &x) < 0)
			return cmd_usage_error(cmd, "--threshold takes NAME=VALUE "
					       "with a number, not '%s'",
					       a->thresholds[i]);
		memcpy(name, a->thresholds[i], (size_t)(eq - a->thresholds[i]));
		name[eq - a->thresholds[i]] = '\0';
		if (exposure_set_threshold(&a->exp.thresholds, name, x, &d) < 0) {
			code = cmd_usage_error(cmd, "%s", d.entries[0].message);
			diag_release(&d);
			return code;
		}
	}
	if (a->exp.from_day > a->exp.to_day)
		return cmd_usage_error(cmd, "--from is after --to");
	if ((code = cmd_set_team(cmd, st, a->team)) != EXIT_OK)
		return code;
	if (a->athlete) {
		if (store_find_athlete(st, a->athlete, strlen(a->athlete),
				       &a->athlete_id, &d) < 0) {
			cmd_print_diag(&d);
			diag_release(&d);
			return EXIT_SOFTWARE;
		}
		if (!a->athlete_id) {
			cmd_printf(stderr, "cramplog %s: no athlete called '%s' "
				   "in the database%s%s (see 'cramplog athletes')\n",
				   cmd, a->athlete, a->team ? " in team " : "",
				   a->team ? a->team : "");
			return EXIT_NOINPUT;
		}
		if (!a->squad)
			a->exp.athlete_id = a->athlete_id;
	}
	return EXIT_OK;
}

/* Opens the database read-only for cmd and prepares a: EXIT_OK with *st
 * open, else an exit code after a message. */
static int open_for_analysis(const char *cmd, struct cmd_analysis *a,
			     store **st)
{
	int code;

	if ((code = cmd_open_store(cmd, a->db, STORE_READONLY, st)) != EXIT_OK)
		return code;
	for (size_t i = 0; i < 3 && a->outputs[i] && code == EXIT_OK; i++)
		if (cmd_is_database(a->outputs[i], store_path(*st)))
			code = cmd_usage_error(cmd, "%s is the database or one "
					       "of its files: write to another "
					       "file", a->outputs[i]);
	if (code == EXIT_OK && a->output_dir &&
	    cmd_dir_holds_database(a->output_dir, store_path(*st)))
		code = cmd_usage_error(cmd, "%s holds the database %s: write to "
				       "another directory", a->output_dir,
				       store_path(*st));
	if (code == EXIT_OK)
		code = cmd_analysis_prepare(cmd, a, *st);
	if (code != EXIT_OK) {
		store_close(*st);
		*st = NULL;
	}
	return code;
}

/* cmd_load_exposures, or with each cmd_each_exposure's. */
static int load_exposures(const char *cmd, struct cmd_analysis *a,
			  struct exposure_table *t, exposure_each_fn each,
			  void *arg)
{
	struct diag d = DIAG_INIT;
	store *st;
	int code, rc;

	memset(t, 0, sizeof(*t));
	if ((code = open_for_analysis(cmd, a, &st)) != EXIT_OK)
		return code;
	rc = each ? exposure_each(st, &a->exp, each, arg, t, &d) :
	     exposure_compute(st, &a->exp, t, &d);
	if (rc < 0) {
		cmd_print_diag(&d);
		code = EXIT_SOFTWARE;
	}
	diag_release(&d);
	store_close(st);
	return code;
}

int cmd_load_exposures(const char *cmd, struct cmd_analysis *a,
		       struct exposure_table *t)
{
	return load_exposures(cmd, a, t, NULL, NULL);
}

int cmd_each_exposure(const char *cmd, struct cmd_analysis *a,
		      exposure_each_fn each, void *arg,
		      struct exposure_table *t)
{
	return load_exposures(cmd, a, t, each, arg);
}

int cmd_load_patterns(const char *cmd, struct cmd_analysis *a,
		      struct pattern_table *pt, int *counted)
{
	struct diag d = DIAG_INIT;
	store *st;
	int code, rc;

	*counted = 0;
	if ((code = open_for_analysis(cmd, a, &st)) != EXIT_OK)
		return code;
	/* Not kept for these options, or not made yet (1): the caller
	 * computes the exposures from the log rows instead. */
	rc = exposure_patterns(st, &a->exp, pt, &d);
	*counted = rc == 0;
	if (rc < 0) {
		cmd_print_diag(&d);
		code = EXIT_SOFTWARE;
	}
	diag_release(&d);
	store_close(st);
	return code;
}

int cmd_load_split(const char *cmd, struct cmd_analysis *a,
		   const struct cmd_split *how, struct flags_table *names,
		   struct exposure_table *t)
{
	struct exposure_options period;
	struct diag d = DIAG_INIT;
	store *st;
	int code, rc, any = 1;

	memset(names, 0, sizeof(*names));
	memset(t, 0, sizeof(*t));
	if ((code = open_for_analysis(cmd, a, &st)) != EXIT_OK)
		return code;
	/* The options as the configuration file and --threshold left them
	 * (open_for_analysis applies them). */
	period = a->exp;
	/* The reads see one snapshot: they number the athletes alike. */
	rc = store_copy_snapshot(st, 1, &d);
	if (rc == 0 && how->settle) {
		int32_t latest;

		if ((rc = exposure_latest_day(st, &a->exp, &latest, &d)) == 1)
			how->settle(how->arg, latest, &period);
		any = rc == 1;
		rc = rc < 0 ? -1 : 0;
	}
	/* The flags from the kept exposures, or made from the rows a
	 * session at a time when they keep none for these options (their
	 * athletes numbered as the period's table will be). */
	if (rc == 0 && any)
		rc = exposure_flags_each(st, &a->exp, how->made, how->each,
					 how->arg, names, &d);
	if (rc == 0 && any && how->settle && period.from_day <= period.to_day)
		rc = exposure_compute(st, &period, t, &d);
	if (rc == 0 && any && how->then)
		rc = how->then(how->arg, st, &d);
	if (rc == 0)
		rc = store_copy_snapshot(st, 0, &d);
	if (rc < 0) {
		cmd_print_diag(&d);
		code = EXIT_SOFTWARE;
		flags_table_release(names);
		exposure_table_release(t);
	}
	diag_release(&d);
	store_close(st);
	return code;
}

/* s's walk, made the first time, when --athlete is known. */
static struct backtest_walk *stream_walk(struct cmd_backtest_stream *s)
{
	if (!s->w) {
		s->opt.athlete_id = s->a->athlete_id;
		s->w = backtest_walk_new(&s->opt, s->how);
	}
	return s->w;
}

void cmd_backtest_session(void *arg, const struct session_flags *e,
			  int64_t athlete_id)
{
	struct cmd_backtest_stream *s = arg;

	backtest_walk_add(stream_walk(s), e, s->sessions++, athlete_id);
}

void cmd_backtest_finish(struct cmd_backtest_stream *s, struct backtest *out)
{
	backtest_walk_finish(stream_walk(s), out);
	s->w = NULL;
}

void cmd_backtest_free(struct cmd_backtest_stream *s)
{
	backtest_walk_free(s->w);
	s->w = NULL;
}

/* Counts a session into the cells as it is made (exposure_each gives
 * them by athlete). */
static int count_session(void *arg, const struct exposure_table *t,
			 const struct session_exposure *e)
{
	(void)t;
	pattern_cells_add(arg, e->athlete, e->flag, FLAG_UNKNOWN, e->cramp);
	return 0;
}

int cmd_run_analysis(const char *cmd, struct cmd_analysis *a,
		     const struct analysis_options *opt,
		     struct analysis_result *res)
{
	struct exposure_table t;
	struct analysis_stream *s;
	int code, counted = 0;

	if (opt->terms == TERMS_FLAGS && opt->spline == VALUE_COUNT) {
		struct pattern_table pt;

		if ((code = cmd_load_patterns(cmd, a, &pt, &counted)) != EXIT_OK)
			return code;
		if (!counted) {
			/* Not kept for these options: counted as the
			 * sessions are made, none held. */
			struct pattern_cells *cells = pattern_cells_new(&pt);

			code = load_exposures(cmd, a, &t, count_session, cells);
			pattern_cells_end(cells);
			pt.names_count = t.names_count;
		}
		if (code == EXIT_OK)
			analysis_run_patterns(&pt, counted ? a->exp.window_days :
					      t.window_days, opt, res);
		pattern_table_release(&pt);
		if (!counted)
			exposure_table_release(&t);
		return code;
	}
	/* Continuous terms: only the model's rows kept. */
	s = analysis_stream_new(opt);
	code = load_exposures(cmd, a, &t, analysis_stream_add, s);
	if (code == EXIT_OK) {
		analysis_stream_finish(s, &t, res);
		code = cmd_spill_error(cmd, res);
	} else {
		analysis_stream_free(s);
	}
	exposure_table_release(&t);
	return code;
}

int cmd_spill_error(const char *cmd, const struct analysis_result *res)
{
	if (!res->spill_error[0])
		return EXIT_OK;
	fprintf(stderr, "cramplog %s: %s\n", cmd, res->spill_error);
	return EXIT_IOERR;
}

int cmd_parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static void print_threshold(const char *name, double value, const char *meaning,
			    void *arg)
{
	fprintf(arg, "  %-31s %-7g %s\n", name, value, meaning);
}

/* The thresholds, their defaults and meanings, for --help. */
static void thresholds_usage(FILE *out)
{
	struct exposure_options opt;

	exposure_options_init(&opt);
	fputs("\nthresholds (default; a factor is flagged when):\n", out);
	exposure_each_threshold(&opt.thresholds, print_threshold, out);
}

int cmd_parse_design(const char *cmd, const char *arg, enum design *out)
{
	if (strcmp(arg, "pooled") == 0)
		*out = DESIGN_POOLED;
	else if (strcmp(arg, "within") == 0)
		*out = DESIGN_WITHIN;
	else
		return cmd_usage_error(cmd, "--design must be pooled or within, "
				       "not '%s'", arg);
	return 0;
}

int cmd_parse_method(const char *cmd, const char *arg, enum stats_method *out)
{
	if (strcmp(arg, "firth") == 0)
		*out = STATS_FIRTH;
	else if (strcmp(arg, "mle") == 0)
		*out = STATS_MLE;
	else
		return cmd_usage_error(cmd, "--model must be firth or mle, not "
				       "'%s'", arg);
	return 0;
}

int cmd_parse_timeout(const char *cmd, const char *arg, int *out)
{
	if (cmd_parse_int(arg, 1, 3600, out) < 0)
		return cmd_usage_error(cmd, "--timeout must be 1 to 3600 seconds, "
				       "not '%s'", arg);
	return 0;
}

int cmd_parse_knots(const char *cmd, const char *arg,
		    struct analysis_options *opt)
{
	if (cmd_parse_int(arg, SPLINE_MIN_KNOTS, SPLINE_MAX_KNOTS, &opt->knots) < 0)
		return cmd_usage_error(cmd, "--knots must be 3, 4 or 5, not '%s'",
				       arg);
	return 0;
}

int cmd_parse_factors(const char *cmd, const char *arg,
		      struct analysis_options *opt)
{
	struct diag d = DIAG_INIT;
	int code = 0;

	if (analysis_set_factors(opt, arg, &d) < 0)
		code = cmd_usage_error(cmd, "%s", d.entries[0].message);
	diag_release(&d);
	return code;
}

/* The options every analysis command takes (--help lists them in this
 * order). */
static const struct cmd_option analysis_options[] = {
	CMD_OPTION_DB,
	CMD_OPTION_TEAM,
	{ "athlete", OPT_ATHLETE, "NAME", "only this athlete's sessions", NULL },
	{ "from", OPT_FROM, "DATE", "only sessions on or after DATE (YYYY-MM-DD)",
	  NULL },
	{ "to", OPT_TO, "DATE", "only sessions on or before DATE", NULL },
	{ "window", OPT_WINDOW, "N", "intake: the mean of the N days before a "
	  "session\n(default 1: the calendar day before)", NULL },
	{ "acwr", OPT_ACWR, "METHOD", "coupled (default), uncoupled or ewma",
	  NULL },
	{ "threshold", OPT_THRESHOLD, "NAME=X", "set a threshold (repeatable; "
	  "names below)", NULL },
	{ "config", OPT_CONFIG, "FILE", "read [thresholds] and [analysis] from "
	  "FILE\n(default $XDG_CONFIG_HOME/cramplog/config)", NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

const char *const cmd_text_json[] = { "text", "json", NULL };

const struct cmd_option cmd_listing_options[] = {
	CMD_OPTION_DB,
	CMD_OPTION_TEAM,
	{ "format", OPT_FORMAT, "FORMAT", "text (default) or json", NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

static const struct cmd_option help_option = {
	"help", OPT_HELP, NULL, "this help", NULL
};

/* The most options a command takes, --help and the analysis ones too. */
#define MAX_OPTIONS 40

static int is_short(int code)
{
	return (code >= 'a' && code <= 'z') || (code >= 'A' && code <= 'Z');
}

/* The option of the command's own table called name, or NULL. */
static const struct cmd_option *own_option(const struct cmd_spec *spec,
					   const char *name)
{
	for (const struct cmd_option *o = spec->options; o->name || o->code; o++)
		if (o->name && strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

/* Calls each(o, arg) on every option of spec in --help's order: its own,
 * the analysis ones in place of OPT_ANALYSIS (but those the command's
 * table names itself) unless listed as one line there (all: each of them
 * even then, for getopt_long), and --help last. */
static void each_option(const struct cmd_spec *spec, int all,
			void (*each)(const struct cmd_option *o, void *arg),
			void *arg)
{
	for (const struct cmd_option *o = spec->options; o->name || o->code; o++) {
		if (o->name || (o->help && !all)) {
			each(o, arg);
			continue;
		}
		for (const struct cmd_option *a = analysis_options; a->name; a++)
			if (!own_option(spec, a->name))
				each(a, arg);
	}
	each(&help_option, arg);
}

struct getopt_table {
	struct option longopts[MAX_OPTIONS + 1];
	char shorts[MAX_OPTIONS + 2];
	size_t n, nshort;
};

static void add_getopt(const struct cmd_option *o, void *arg)
{
	struct getopt_table *g = arg;

	if (!o->name)
		return;     /* one line of --help for the analysis options */
	if (g->n == MAX_OPTIONS)
		die("too many options: raise MAX_OPTIONS");
	g->longopts[g->n++] = (struct option){
		o->name, o->arg ? required_argument : no_argument, NULL, o->code
	};
	if (is_short(o->code)) {
		g->shorts[g->nshort++] = (char)o->code;
		if (o->arg)
			g->shorts[g->nshort++] = ':';
	}
}

/* getopt_long over argv, options taken anywhere before "--" (import FILE
 * --db X), whatever POSIXLY_CORRECT says, "--" ending them. Call it in a
 * loop as getopt_long (opterr = 0, optind = 1, *nargs = 0 before), with
 * nargs the same each time. It returns each option's code, ':' when an
 * option's value is missing or empty, '?' for an unknown option, and -1
 * at the end, when the operands are argv[optind] to argv[argc - 1], in
 * the order given. */
static int getopt_anywhere(int argc, char **argv, const char *shorts,
			   const struct option *longopts, int *nargs)
{
	struct strbuf opts = STRBUF_INIT;
	int c;

	/* A leading '-' hands each operand back as code 1, in place: glibc
	 * and musl then neither stop at the first operand nor permute argv
	 * (POSIXLY_CORRECT or not). Each operand is kept in a slot already
	 * read, before optind, where getopt_long looks no more. A ':' after
	 * it tells a missing value from an unknown option. */
	strbuf_addf(&opts, "-:%s", shorts);
	while ((c = getopt_long(argc, argv, opts.buf, longopts, NULL)) == 1)
		argv[1 + (*nargs)++] = optarg;
	strbuf_release(&opts);
	if (c == -1) {
		/* The operands met before the end (or "--") go just before
		 * those after it. */
		memmove(argv + optind - *nargs, argv + 1,
			(size_t)*nargs * sizeof(*argv));
		optind -= *nargs;
		*nargs = 0;
	} else if (c != ':' && c != '?' && optarg && !*optarg) {
		c = ':';
	}
	return c;
}

/* The usage error of an option getopt_anywhere refused with c: ':' when
 * its value is missing ("option '--out' needs a value") or empty, else
 * unknown. */
static int bad_option(const char *cmd, int c, char *const argv[])
{
	const char *opt = argv[optind - 1];

	if (c == ':' && !*opt)
		return cmd_usage_error(cmd, "option '%s' needs a value, not an "
				       "empty one", argv[optind - 2]);
	if (c == ':' && strchr(opt, '='))
		return cmd_usage_error(cmd, "option '%.*s' needs a value, not an "
				       "empty one", (int)(strchr(opt, '=') - opt),
				       opt);
	if (c == ':')
		return cmd_usage_error(cmd, "option '%s' needs a value", opt);
	return cmd_usage_error(cmd, "unknown option '%s'", opt);
}

/* --format: the index of arg in spec->formats, or -1 after a message
 * naming them. */
static int parse_format(const struct cmd_spec *spec, const char *arg)
{
	struct strbuf names = STRBUF_INIT;
	int n = 0;

	for (; spec->formats[n]; n++) {
		const char *bar;

		for (const char *s = spec->formats[n]; s; s = bar ? bar + 1 : NULL) {
			bar = strchr(s, '|');
			if (bar ? strncmp(s, arg, (size_t)(bar - s)) == 0 &&
				  !arg[bar - s] : strcmp(s, arg) == 0)
				return n;
		}
	}
	for (int i = 0; i < n; i++)
		strbuf_addf(&names, "%s%.*s", i == 0 ? "" : i + 1 < n ? ", " :
			    " or ", (int)strcspn(spec->formats[i], "|"),
			    spec->formats[i]);
	cmd_usage_error(spec->name, "--format must be %s, not '%s'", names.buf,
			arg);
	strbuf_release(&names);
	return -1;
}

/* Takes option c with its value: EXIT_OK, -1 for --help, or an exit code
 * after a message. */
static int take_option(const struct cmd_spec *spec, struct cmd_args *args,
		       int c, const char *arg, char **argv)
{
	switch (c) {
	case OPT_HELP:
		return -1;
	case ':':
	case '?':
		return bad_option(spec->name, c, argv);
	case OPT_DB:
		args->db = arg;
		if (args->analysis)
			args->analysis->db = arg;
		return EXIT_OK;
	case OPT_TEAM:
		args->team = arg;
		if (args->analysis)
			args->analysis->team = arg;
		return cmd_check_name(spec->name, "team", arg);
	case OPT_FORMAT:
		args->format = parse_format(spec, arg);
		return args->format < 0 ? EXIT_USAGE : EXIT_OK;
	case OPT_ATHLETE:
	case OPT_FROM:
	case OPT_TO:
	case OPT_WINDOW:
	case OPT_ACWR:
	case OPT_THRESHOLD:
	case OPT_CONFIG:
		return analysis_option(spec->name, c, arg, args->analysis);
	default:
		return spec->take(args->ctx, c, arg);
	}
}

int cmd_parse(const struct cmd_spec *spec, int argc, char **argv,
	      struct cmd_args *args)
{
	struct getopt_table g = { .n = 0 };
	int c, code = EXIT_OK, nargs = 0;

	args->db = NULL;
	args->team = NULL;
	args->format = 0;
	each_option(spec, 1, add_getopt, &g);
	opterr = 0;
	optind = 1;
	while (code == EXIT_OK &&
	       (c = getopt_anywhere(argc, argv, g.shorts, g.longopts, &nargs)) != -1)
		code = take_option(spec, args, c, optarg, argv);
	if (code == -1) {
		cmd_help(spec, stdout);
		args->code = cmd_finish(EXIT_OK);
		return 0;
	}
	if (code == EXIT_OK && spec->operands >= 0 &&
	    argc - optind > spec->operands)
		code = cmd_usage_error(spec->name, "unexpected argument '%s'",
				       argv[optind + spec->operands]);
	args->operands = argv + optind;
	args->noperands = argc - optind;
	args->code = code;
	return code == EXIT_OK;
}

struct help_ctx {
	FILE *out;
	int width;
};

/* "  --name ARG" (or the label, each of its lines so begun), then the
 * help's lines from the width'th column on. */
static void print_option(const struct cmd_option *o, void *arg)
{
	const struct help_ctx *h = arg;
	struct strbuf label = STRBUF_INIT;
	const char *line, *nl;
	int col;

	if (!o->help)
		return;
	if (o->label) {
		strbuf_addstr(&label, o->label);
	} else {
		if (is_short(o->code))
			strbuf_addf(&label, "-%c, ", o->code);
		strbuf_addf(&label, "--%s", o->name);
		if (o->arg)
			strbuf_addf(&label, " %s", o->arg);
	}
	for (line = label.buf; (nl = strchr(line, '\n')); line = nl + 1)
		fprintf(h->out, "  %.*s\n", (int)(nl - line), line);
	col = fprintf(h->out, "  %s", line);
	for (int i = 0; i < (col + 2 > h->width ? 2 : h->width - col); i++)
		fputc(' ', h->out);
	for (line = o->help; (nl = strchr(line, '\n')); line = nl + 1)
		fprintf(h->out, "%.*s\n%*s", (int)(nl - line), line, h->width, "");
	fprintf(h->out, "%s\n", line);
	strbuf_release(&label);
}

void cmd_help(const struct cmd_spec *spec, FILE *out)
{
	struct help_ctx h = { out, spec->width };

	fputs(spec->about, out);
	each_option(spec, 0, print_option, &h);
	if (spec->thresholds)
		thresholds_usage(out);
	fputs(spec->after, out);
	fprintf(out, "See cramplog-%s(1) (man cramplog-%s) for the whole "
		"reference.\n", spec->name, spec->name);
}
