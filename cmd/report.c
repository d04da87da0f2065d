/*
 * cramplog report: the week's risk report (core/risk.c, reports/report.c),
 * with the charts (reports/report_charts.c) inlined in html and, with
 * --charts, written beside it.
 */
#include "backtest.h"
#include "calendar.h"
#include "cmd.h"
#include "outfile.h"
#include "report.h"
#include "report_charts.h"
#include "risk.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Keeps only the named athlete in the ranking. */
static void keep_athlete(struct risk_report *r, int64_t id,
			 const struct exposure_table *t)
{
	size_t kept = 0;

	for (size_t i = 0; i < r->nathletes; i++)
		if (t->name_ids[r->athletes[i].athlete] == id)
			r->athletes[kept++] = r->athletes[i];
	r->nathletes = kept;
}

static int color_wanted(const char *when, int format_text, const char *out)
{
	const char *no = getenv("NO_COLOR");

	if (strcmp(when, "always") == 0)
		return format_text;
	if (strcmp(when, "never") == 0)
		return 0;
	return format_text && !out && isatty(STDOUT_FILENO) && !(no && *no);
}

enum { OPT_WEEK = OPT_OWN, OPT_OUT, OPT_MODEL, OPT_FACTORS, OPT_CHARTS,
       OPT_NO_CHARTS, OPT_COLOR, OPT_TIMEOUT };

static const struct cmd_option options[] = {
	{ "week", OPT_WEEK, "YYYY-Www", "the ISO week (default: the latest week "
	  "with a\nsession in the database)", NULL },
	{ "from", OPT_FROM, "DATE", "a span of days instead of a week (--from\n"
	  "alone: to the latest session, or the 7 days\nfrom it when it is "
	  "later; --to alone: the 7\ndays ending then)",
	  "--from DATE, --to DATE" },
	{ "to", OPT_TO, "DATE", NULL, NULL },
	{ "athlete", OPT_ATHLETE, "NAME", "only this athlete's part (the model "
	  "and the\nsquad stay the squad's)", NULL },
	{ "format", OPT_FORMAT, "FORMAT", "text (default), markdown, html or json",
	  NULL },
	{ "out", OPT_OUT, "FILE", "write the report to FILE (mode 0600) instead\n"
	  "of standard output", NULL },
	{ "model", OPT_MODEL, "MODEL", "firth (default) or mle", NULL },
	{ "factors", OPT_FACTORS, "LIST", "the factors of the model (default: all "
	  "six)", NULL },
	{ "charts", OPT_CHARTS, "DIR", "also write the charts (PNG, with their .gp "
	  "and\n.dat) into DIR: team, factors, and history and\nload of the "
	  "athletes at high risk (or of the\none most at risk)", NULL },
	{ "no-charts", OPT_NO_CHARTS, NULL, "html: no charts inlined (not with "
	  "--charts)", NULL },
	{ "color", OPT_COLOR, "WHEN", "text: auto (default: on a terminal, "
	  "unless\nNO_COLOR is set), always or never", NULL },
	{ "timeout", OPT_TIMEOUT, "SECONDS", "stop gnuplot after this long "
	  "(default 60)", NULL },
	CMD_OPTIONS_ANALYSIS_AS_ANALYZE,
	{ NULL, 0, NULL, NULL, NULL }
};

/* In the order of enum report_format. */
static const char *const formats[] = {
	"text", "markdown|md", "html", "json", NULL
};

/* What the options chose, beside the analysis options. */
struct choices {
	struct risk_options *ropt;
	int32_t monday;             /* --week's, or CALENDAR_NO_DAY */
	const char *out, *charts_dir, *color;
	int no_charts, timeout;
};

static int take(void *ctx, int code, const char *arg)
{
	struct choices *ch = ctx;
	struct analysis_options aopt;

	switch (code) {
	case OPT_WEEK:
		if (calendar_parse_iso_week(arg, &ch->monday) < 0)
			return cmd_usage_error("report", "--week must be an ISO "
					       "week YYYY-Www (2026-W44), not "
					       "'%s'", arg);
		break;
	case OPT_OUT:
		ch->out = strcmp(arg, "-") == 0 ? NULL : arg;
		break;
	case OPT_MODEL:
		return cmd_parse_method("report", arg, &ch->ropt->method);
	case OPT_FACTORS:
		analysis_options_init(&aopt);
		if ((code = cmd_parse_factors("report", arg, &aopt)) != EXIT_OK)
			return code;
		if (aopt.factor_on[FACTOR_SODIUM_DEFICIT])
			return cmd_usage_error("report", "sodium_deficit is not in "
					       "the report yet (see 'cramplog "
					       "analyze')");
		memcpy(ch->ropt->factor_on, aopt.factor_on,
		       sizeof(ch->ropt->factor_on));
		break;
	case OPT_CHARTS:
		ch->charts_dir = arg;
		break;
	case OPT_NO_CHARTS:
		ch->no_charts = 1;
		break;
	case OPT_COLOR:
		if (strcmp(arg, "auto") && strcmp(arg, "always") &&
		    strcmp(arg, "never"))
			return cmd_usage_error("report", "--color must be auto, "
					       "always or never, not '%s'", arg);
		ch->color = arg;
		break;
	case OPT_TIMEOUT:
		return cmd_parse_timeout("report", arg, &ch->timeout);
	}
	return EXIT_OK;
}

static const struct cmd_spec spec = {
	.name = "report",
	.about = "usage: cramplog report [--week YYYY-Www | --from DATE --to DATE]\n"
		 "                       [--athlete NAME] [--format FORMAT] [--out FILE]\n"
		 "\n"
		 "The risk report of a week: the squad at a glance, each athlete who\n"
		 "trained ranked by the risk of a cramp in a coming session, with the\n"
		 "reasons (values against thresholds) and what to do about them.\n"
		 "\n"
		 "options:\n",
	.options = options,
	.width = 23,
	.after = "\n"
		 "Levels compare an athlete's risk with the squad's base rate: high at\n"
		 "3 times or more, moderate from 1.5 times, low below.\n"
		 "exit status: 0, 64 usage, 65 no training session in the database,\n"
		 "66 no database or no such athlete, 69 --charts without gnuplot (the\n"
		 "report is written), 70 gnuplot failed (an html report is written\n"
		 "without its charts), 73 cannot write a file.\n",
	.formats = formats,
	.operands = 0,
	.take = take,
};

/* One report, from the options to the figures. */
struct report_run {
	struct cmd_analysis a;
	struct risk_options ropt;
	struct choices ch;
	int32_t from, to;           /* --from, --to: CALENDAR_NO_DAY when not
				     * given */
	int charts;                 /* drawn */
	struct flags_table ft;      /* the squad's names and ids */
	struct risk_walk *rw;       /* what the sessions' flags, up to */
	struct backtest_walk *bw;   /* the period's end, are streamed to */
	struct report_charts_walk *cw;   /* (with charts) */
	uint64_t sessions;          /* streamed */
	struct exposure_table t;    /* the period's rows and days in full */
	struct exposure_table charted[REPORT_CHARTS_ATHLETES];
				    /* the full rows and days of the athletes
				     * charted */
	struct report_chart_data cd;
	struct risk_report rr;
	struct backtest b;          /* up to the period's end */
	struct backtest_summary s;
	size_t squad_athletes;      /* ranked, before --athlete kept one */
	char week[CALENDAR_WEEK_NAME_SIZE];   /* "" unless an ISO week */
};

/* The options that cannot go together; then the selection of the
 * exposures: the model is the squad's, every athlete, every day up to the
 * period's end. Returns an exit code. */
static int check_options(struct report_run *run)
{
	struct exposure_options defaults;
	struct cmd_analysis *a = &run->a;
	int week_set = run->ch.monday != CALENDAR_NO_DAY;

	exposure_options_init(&defaults);
	if (run->ch.no_charts && run->ch.charts_dir)
		return cmd_usage_error("report", "--charts DIR writes the charts, "
				       "--no-charts leaves them out: not both");
	run->from = a->from_set ? a->exp.from_day : CALENDAR_NO_DAY;
	run->to = a->to_set ? a->exp.to_day : CALENDAR_NO_DAY;
	if (week_set && (run->from != CALENDAR_NO_DAY ||
			 run->to != CALENDAR_NO_DAY))
		return cmd_usage_error("report", "--week or --from/--to, not both");
	if (run->from != CALENDAR_NO_DAY && run->to != CALENDAR_NO_DAY &&
	    run->from > run->to)
		return cmd_usage_error("report", "--from is after --to");
	a->squad = 1;
	a->exp.from_day = defaults.from_day;
	a->exp.with_days = 1;
	if (week_set)
		a->exp.to_day = run->ch.monday + 6;
	a->outputs[0] = run->ch.out;
	a->output_dir = run->ch.charts_dir;
	return EXIT_OK;
}

static void release_run(struct report_run *run)
{
	report_charts_data_release(&run->cd);
	for (size_t i = 0; i < REPORT_CHARTS_ATHLETES; i++)
		exposure_table_release(&run->charted[i]);
	backtest_release(&run->b);
	risk_report_release(&run->rr);
	risk_walk_free(run->rw);
	backtest_walk_free(run->bw);
	report_charts_walk_free(run->cw);
	flags_table_release(&run->ft);
	exposure_table_release(&run->t);
}

/* The backtest of the report's model up to the period's end and, with
 * charts, what they are drawn from but the athletes' rows; the summary. */
static void backtest_to(struct report_run *run)
{
	backtest_walk_finish(run->bw, &run->b);
	run->bw = NULL;
	if (run->cw) {
		report_charts_walk_finish(run->cw, &run->cd, run->t.names,
					  run->ft.names_count,
					  run->a.exp.window_days, &run->b);
		run->cw = NULL;
	}
	backtest_summarize(&run->b, &run->s);
}

/* Settles the period from the sessions' latest day: the days whose full
 * rows the report reads; then the walks the sessions' flags are streamed
 * to, which hold none: the ranking's, the backtest's (a week's
 * predictions summed by their flags; with charts, each scored session's
 * cramp as a bit) and the charts'. */
static void settle(void *arg, int32_t latest, struct exposure_options *period)
{
	struct report_run *run = arg;
	struct backtest_options opt;

	if (calendar_period(run->ch.monday, run->from, run->to, latest,
			    &run->ropt.from_day, &run->ropt.to_day))
		calendar_format_iso_week(run->ropt.from_day, run->week);
	period->from_day = run->ropt.from_day;
	period->to_day = run->ropt.to_day;
	backtest_options_init(&opt);
	memcpy(opt.factor_on, run->ropt.factor_on, sizeof(opt.factor_on));
	opt.method = run->ropt.method;
	opt.to_day = run->ropt.to_day;
	opt.by_athlete_week = 1;
	run->rw = risk_walk_new(&run->ropt);
	run->bw = backtest_walk_new(&opt, BACKTEST_WALK_CELLS |
				    (run->charts ? BACKTEST_WALK_CRAMPS : 0));
	if (run->charts)
		run->cw = report_charts_walk_new(latest);
}

/* A session's flags, to the walks. */
static void each_session(void *arg, const struct session_flags *e,
			 int64_t athlete_id)
{
	struct report_run *run = arg;

	(void)athlete_id;
	risk_walk_add(run->rw, e);
	backtest_walk_add(run->bw, e, run->sessions++, 0);
	if (run->cw)
		report_charts_walk_add(run->cw, e);
}

/* The risks of the period, and --athlete's part kept (the squad stays
 * the squad). */
static void rank(struct report_run *run)
{
	risk_walk_finish(run->rw, run->ft.names_count, &run->t,
			 &run->a.exp.thresholds, &run->rr);
	run->rw = NULL;
	run->squad_athletes = run->rr.nathletes;
	if (run->a.athlete_id)
		keep_athlete(&run->rr, run->a.athlete_id, &run->t);
}

/* In the split load's snapshot, the period's rows loaded: the ranking,
 * then the full rows and days of each athlete charted, up to the
 * period's end. */
static int rank_and_chart(void *arg, store *st, struct diag *d)
{
	struct report_run *run = arg;
	size_t who[REPORT_CHARTS_ATHLETES], n;

	rank(run);
	if (!run->charts)
		return 0;
	n = report_charts_athletes(&run->rr, who);
	for (size_t i = 0; i < n; i++) {
		struct exposure_table *c = &run->charted[i];
		struct exposure_options opt = run->a.exp;
		size_t k = 0;

		opt.athlete_id = run->t.name_ids[who[i]];
		if (exposure_compute(st, &opt, c, d) < 0)
			return -1;
		while (k < c->names_count && c->name_ids[k] != opt.athlete_id)
			k++;
		if (k == c->names_count)
			return diag_error(d, "athlete %lld has no sessions to "
					  "chart", (long long)opt.athlete_id);
		run->cd.who[i].t = c;
		run->cd.who[i].athlete = k;
	}
	run->cd.nwho = n;
	return 0;
}

/* Loads the exposures: the flags of every session up to the period's
 * end streamed to the walks (none held), the full rows of the period
 * and of the athletes charted; ranks the athletes (rank_and_chart).
 * Returns an exit code. */
static int load(struct report_run *run)
{
	struct cmd_split how = { settle, each_session, 0, rank_and_chart,
				 run };

	return cmd_load_split("report", &run->a, &how, &run->ft, &run->t);
}

/* Loads the exposures, settles the period and computes the risks and the
 * backtest. Returns an exit code; release_run() after, whatever it is. */
static int compute(struct report_run *run)
{
	int code;

	if ((code = load(run)) != EXIT_OK)
		return code;
	if (run->sessions == 0) {
		fputs("cramplog report: no training sessions in the database up to "
		      "the period: nothing to report (import training logs first)\n",
		      stderr);
		return EXIT_DATAERR;
	}
	backtest_to(run);
	return EXIT_OK;
}


/* Draws the charts into dir; prints why not. */
static enum report_charts_result draw_charts(const struct report_run *run,
					     const char *dir, const char *ext,
					     int inline_svg,
					     struct report_charts *c)
{
	struct diag d = DIAG_INIT;
	enum report_charts_result rc;

	rc = report_charts_draw(dir, ext, inline_svg, &run->cd, &run->s,
				&run->a.exp.thresholds, run->ch.timeout, c,
				&d);
	if (rc != REPORT_CHARTS_DONE)
		cmd_print_diag(&d);
	diag_release(&d);
	return rc;
}

/* The SVG charts inlined in the html report, made in a private temporary
 * directory. Without them, *note says why and the report goes on; returns
 * the exit code the report ends with: 0 with or without gnuplot, 70 when
 * gnuplot failed or ran out of time, 73 when a chart's file could not be
 * written. */
static int inline_charts(const struct report_run *run,
			 struct report_charts *c, const char **note)
{
	const char *tmpdir = getenv("TMPDIR");
	struct strbuf dir = STRBUF_INIT;
	enum report_charts_result rc;

	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	strbuf_addf(&dir, "%s/cramplog-report-XXXXXX", tmpdir);
	if (!mkdtemp(dir.buf)) {
		fprintf(stderr, "cramplog report: cannot make a temporary "
			"directory in %s: %s; the report has no charts\n", tmpdir,
			strerror(errno));
		*note = "The charts could not be drawn (no temporary directory).";
		strbuf_release(&dir);
		return EXIT_CANTCREAT;
	}
	rc = draw_charts(run, dir.buf, "svg", 1, c);
	rmdir(dir.buf);
	strbuf_release(&dir);
	if (rc == REPORT_CHARTS_DONE)
		return EXIT_OK;
	fputs("cramplog report: the html report has no charts\n", stderr);
	*note = rc == REPORT_CHARTS_NO_GNUPLOT ?
		"No charts: gnuplot is not installed (Debian package "
		"gnuplot-nox)." : "The charts could not be drawn.";
	report_charts_release(c);
	return rc == REPORT_CHARTS_NO_GNUPLOT ? EXIT_OK :
	       rc == REPORT_CHARTS_CANTCREAT ? EXIT_CANTCREAT : EXIT_SOFTWARE;
}

/* --charts DIR: the PNG charts and their scripts. Returns an exit code. */
static int write_charts(const struct report_run *run)
{
	const char *dir = run->ch.charts_dir;
	struct report_charts c = { 0 };
	struct diag d = DIAG_INIT;
	enum report_charts_result rc;
	struct stat st;
	char *real;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		cmd_printf(stderr, "cramplog report: %s: %s\n", dir, strerror(errno));
		return EXIT_CANTCREAT;
	}
	/* What exists already must be a directory we may write in. */
	errno = 0;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    access(dir, W_OK | X_OK) < 0) {
		cmd_printf(stderr, "cramplog report: %s: %s\n", dir,
			   strerror(errno ? errno : ENOTDIR));
		return EXIT_CANTCREAT;
	}
	/* Reached through no other user's link in a shared directory. */
	real = outfile_resolve(dir, &d);
	cmd_print_diag(&d);
	diag_release(&d);
	if (!real)
		return EXIT_CANTCREAT;
	free(real);
	rc = draw_charts(run, dir, "png", 0, &c);
	report_charts_release(&c);
	switch (rc) {
	case REPORT_CHARTS_DONE:
		cmd_printf(stderr, "cramplog report: charts written to %s\n", dir);
		return EXIT_OK;
	case REPORT_CHARTS_NO_GNUPLOT:
		return EXIT_UNAVAILABLE;
	case REPORT_CHARTS_CANTCREAT:
		return EXIT_CANTCREAT;
	default:
		return EXIT_SOFTWARE;
	}
}

/* Writes the report as format to --out or standard output. Returns an
 * exit code. */
static int write_report(const struct report_run *run,
			enum report_format format)
{
	struct report_charts charts = { 0 };
	struct report_input in = { 0 };
	struct diag d = DIAG_INIT;
	struct strbuf doc = STRBUF_INIT;
	const char *out = run->ch.out;
	int code = EXIT_OK, charts_code = EXIT_OK;

	if (format == REPORT_HTML && !run->ch.no_charts)
		charts_code = inline_charts(run, &charts, &in.charts_note);
	in.risk = &run->rr;
	in.squad_athletes = run->squad_athletes;
	in.table = &run->t;
	in.th = &run->a.exp.thresholds;
	in.week = run->week[0] ? run->week : NULL;
	in.color = color_wanted(run->ch.color, format == REPORT_TEXT, out);
	in.charts = charts.v;
	in.ncharts = charts.n;
	in.backtest = &run->s;
	report_write(&doc, &in, format);
	if (!out) {
		fwrite(doc.buf, 1, doc.len, stdout);
	} else {
		fflush(stdout);
		if (outfile_write(out, doc.buf, doc.len, &d) < 0)
			code = EXIT_CANTCREAT;
		cmd_print_diag(&d);
		if (code == EXIT_OK)
			cmd_printf(stderr, "cramplog report: wrote %s\n", out);
	}
	diag_release(&d);
	strbuf_release(&doc);
	report_charts_release(&charts);
	/* The report is written either way; the charts' failure is its
	 * exit status, so that a script mailing it knows they are missing. */
	return code != EXIT_OK ? code : charts_code;
}

int cmd_report(int argc, char **argv)
{
	struct report_run run = { .week = "" };
	struct cmd_args args = { .ctx = &run.ch, .analysis = &run.a };
	int code;

	cmd_analysis_init(&run.a);
	risk_options_init(&run.ropt);
	run.ch = (struct choices){ &run.ropt, CALENDAR_NO_DAY, NULL, NULL, "auto",
				   0, 60 };
	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	run.charts = run.ch.charts_dir ||
		     (args.format == REPORT_HTML && !run.ch.no_charts);
	if ((code = check_options(&run)) != EXIT_OK)
		return code;
	if ((code = compute(&run)) != EXIT_OK) {
		/* What a failed read left: the ranking, the athletes read. */
		release_run(&run);
		return code;
	}
	code = write_report(&run, (enum report_format)args.format);
	if (code == EXIT_OK && run.ch.charts_dir)
		code = write_charts(&run);
	release_run(&run);
	return cmd_finish(code);
}
