/*
 * The options the analysis commands share (exposures, analyze, and later
 * report and plot): the selection of sessions, the intake window, the ACWR
 * method and the thresholds, from the configuration file and then the
 * command line, which wins.
 */
#include "calendar.h"
#include "cmd.h"
#include "config.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cmd_getopt(int argc, char **argv, const char *optstring,
	       const struct option *longopts, int *nargs)
{
	char opts[32];
	int c;

	/* A leading '-' hands each operand back as code 1, in place: glibc
	 * and musl then neither stop at the first operand nor permute argv
	 * (POSIXLY_CORRECT or not). Each operand is kept in a slot already
	 * read, before optind, where getopt_long looks no more. */
	if (snprintf(opts, sizeof(opts), "-%s", optstring) >= (int)sizeof(opts))
		return '?';
	while ((c = getopt_long(argc, argv, opts, longopts, NULL)) == 1)
		argv[1 + (*nargs)++] = optarg;
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

static int parse_number(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return errno || end == s || *end || !isfinite(*out) ? -1 : 0;
}

int cmd_analysis_option(const char *cmd, int c, const char *arg,
			struct cmd_analysis *a)
{
	int32_t day;

	switch (c) {
	case OPT_DB:
		a->db = arg;
		return 1;
	case OPT_ATHLETE:
		a->athlete = arg;
		return 1;
	case OPT_FROM:
	case OPT_TO:
		if (calendar_parse_date(arg, strlen(arg), &day) < 0) {
			cmd_usage_error(cmd, "--%s must be a date YYYY-MM-DD, not "
					"'%s'", c == OPT_FROM ? "from" : "to", arg);
			return -1;
		}
		if (c == OPT_FROM)
			a->exp.from_day = day;
		else
			a->exp.to_day = day;
		return 1;
	case OPT_WINDOW:
		if (parse_window(arg, &a->exp.window_days) < 0) {
			cmd_usage_error(cmd, "--window must be 1 to 28 days, not "
					"'%s'", arg);
			return -1;
		}
		a->window_set = 1;
		return 1;
	case OPT_ACWR:
		if (parse_acwr(arg, &a->exp.acwr) < 0) {
			cmd_usage_error(cmd, "--acwr must be coupled, uncoupled or "
					"ewma, not '%s'", arg);
			return -1;
		}
		a->acwr_set = 1;
		return 1;
	case OPT_THRESHOLD:
		if (a->nthresholds == CMD_MAX_THRESHOLDS) {
			cmd_usage_error(cmd, "too many --threshold options");
			return -1;
		}
		if (!strchr(arg, '=')) {
			cmd_usage_error(cmd, "--threshold takes NAME=VALUE, not '%s'",
					arg);
			return -1;
		}
		a->thresholds[a->nthresholds++] = arg;
		return 1;
	case OPT_CONFIG:
		a->config = arg;
		return 1;
	default:
		return 0;
	}
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
		if (parse_number(value, &x) < 0)
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
	if (cmd_read_file(path.buf, 1 << 20, &text, &len) < 0) {
		if (errno == ENOENT && !a->config) {
			strbuf_release(&path);
			return EXIT_OK;
		}
		cmd_printf(stderr, "cramplog %s: cannot read %s: %s\n", cmd,
			   path.buf, strerror(errno));
		strbuf_release(&path);
		return a->config ? EXIT_NOINPUT : EXIT_IOERR;
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
		    parse_number(eq + 1, &x) < 0)
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
	if (a->athlete) {
		if (store_find_athlete(st, a->athlete, strlen(a->athlete),
				       &a->athlete_id, &d) < 0) {
			cmd_print_diag(&d);
			diag_release(&d);
			return EXIT_SOFTWARE;
		}
		if (!a->athlete_id) {
			cmd_printf(stderr, "cramplog %s: no athlete called '%s' "
				   "in the database (see 'cramplog athletes')\n",
				   cmd, a->athlete);
			return EXIT_NOINPUT;
		}
		if (!a->squad)
			a->exp.athlete_id = a->athlete_id;
	}
	return EXIT_OK;
}

int cmd_load_exposures(const char *cmd, struct cmd_analysis *a,
		       struct exposure_table *t)
{
	struct diag d = DIAG_INIT;
	store *st = NULL;
	int code;

	if ((code = cmd_open_store(cmd, a->db, STORE_READONLY, &st)) != EXIT_OK)
		return code;
	for (size_t i = 0; i < 3 && a->outputs[i] && code == EXIT_OK; i++)
		if (cmd_is_database(a->outputs[i], store_path(st)))
			code = cmd_usage_error(cmd, "%s is the database or one "
					       "of its files: write to another "
					       "file", a->outputs[i]);
	if (code == EXIT_OK && a->output_dir &&
	    cmd_dir_holds_database(a->output_dir, store_path(st)))
		code = cmd_usage_error(cmd, "%s holds the database %s: write to "
				       "another directory", a->output_dir,
				       store_path(st));
	if (code == EXIT_OK && (code = cmd_analysis_prepare(cmd, a, st)) == EXIT_OK &&
	    exposure_compute(st, &a->exp, t, &d) < 0) {
		cmd_print_diag(&d);
		diag_release(&d);
		code = EXIT_SOFTWARE;
	}
	store_close(st);
	return code;
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

void cmd_analysis_usage(FILE *out)
{
	fputs("  --db PATH            the database (default: $CRAMPLOG_DB, else\n"
	      "                       $XDG_DATA_HOME/cramplog/cramplog.db)\n"
	      "  --athlete NAME       only this athlete's sessions\n"
	      "  --from DATE          only sessions on or after DATE (YYYY-MM-DD)\n"
	      "  --to DATE            only sessions on or before DATE\n"
	      "  --window N           intake: the mean of the N days before a session\n"
	      "                       (default 1: the calendar day before)\n"
	      "  --acwr METHOD        coupled (default), uncoupled or ewma\n"
	      "  --threshold NAME=X   set a threshold (repeatable; names below)\n"
	      "  --config FILE        read [thresholds] and [analysis] from FILE\n"
	      "                       (default $XDG_CONFIG_HOME/cramplog/config)\n",
	      out);
}

static void print_threshold(const char *name, double value, const char *meaning,
			    void *arg)
{
	fprintf(arg, "  %-31s %-7g %s\n", name, value, meaning);
}

void cmd_thresholds_usage(FILE *out)
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
