/*
 * cramplog report: the week's risk report (core/risk.c, reports/report.c),
 * with the charts inlined in html and, with --charts, written beside it.
 */
#include "backtest.h"
#include "calendar.h"
#include "chart.h"
#include "cmd.h"
#include "gnuplot.h"
#include "outfile.h"
#include "report.h"
#include "risk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Says what went wrong with a file; returns -1. */
static int file_error(const char *path, int err)
{
	cmd_printf(stderr, "cramplog report: %s: %s\n", path, strerror(err));
	return -1;
}

/* Writes sb to a file that is not a regular one (a terminal, a pipe,
 * /dev/stdout) as it is. */
static int write_through(const char *path, const struct strbuf *sb)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || outfile_write_all(fd, sb->buf, sb->len) < 0) {
		int err = errno;

		if (fd >= 0)
			close(fd);
		return file_error(path, err);
	}
	return close(fd) < 0 ? file_error(path, errno) : 0;
}

/* Writes sb to path whole or not at all (outfile.h: a new private file
 * renamed over the one a trusted link names, never through another
 * user's link in a shared directory). A path that is not a regular file,
 * or that is standard output, is written to as it is. */
static int write_atomically(const char *path, const struct strbuf *sb)
{
	struct diag d = DIAG_INIT;
	struct stat st, out;
	char *dest = outfile_resolve(path, &d);
	int exists = stat(path, &st) == 0, rc;

	if (!dest)
		rc = -1;
	else if (exists && S_ISDIR(st.st_mode))
		rc = file_error(path, EISDIR);
	else if (exists && !S_ISREG(st.st_mode))
		rc = write_through(path, sb);
	/* Standard output by another name (/dev/stdout into a file): on
	 * where it is, not a new file under it. */
	else if (exists && fstat(STDOUT_FILENO, &out) == 0 &&
		 out.st_dev == st.st_dev && out.st_ino == st.st_ino)
		rc = fflush(stdout) != 0 ||
		     outfile_write_all(STDOUT_FILENO, sb->buf, sb->len) < 0 ?
		     file_error(path, errno) : 0;
	else
		rc = outfile_write(path, sb->buf, sb->len, &d);
	cmd_print_diag(&d);
	diag_release(&d);
	free(dest);
	return rc;
}

struct charts {
	struct report_chart *v;
	size_t n;
	const char *note;
	int code;                  /* an exit code for --charts */
};


/* The backtest behind the report's sentence and its calibration chart. */
struct report_backtest {
	struct backtest b;
	struct backtest_summary s;
};

/* Writes one chart's files to dir/name.ext and renders it. Returns 0, -2
 * when gnuplot is missing, -3 when a file cannot be written, -1 when
 * gnuplot fails; d says why. */
static int one_chart(enum chart_kind kind, const char *dir, const char *name,
		     const char *ext, const struct exposure_table *t,
		     const struct analysis_result *ar,
		     const struct report_backtest *bt, size_t athlete,
		     const struct thresholds *th, int timeout,
		     struct chart_files *files, struct diag *d)
{
	struct strbuf path = STRBUF_INIT;
	int rc;

	if (strbuf_addf(&path, "%s/%s.%s", dir, name, ext) < 0 ||
	    chart_files_init(files, path.buf, d) < 0) {
		strbuf_release(&path);
		return diag_error(d, "out of memory");
	}
	strbuf_release(&path);
	switch (kind) {
	case CHART_TEAM:
		rc = chart_team(t, 12, 0, files, d);
		break;
	case CHART_FACTORS:
		rc = chart_factors(ar, files, d);
		break;
	case CHART_HISTORY:
		rc = chart_history(t, athlete, th, files, d);
		break;
	case CHART_CALIBRATION:
		rc = chart_calibration(&bt->b, &bt->s, files, d);
		break;
	case CHART_LOAD:
		rc = chart_load(t, athlete, th, files, d);
		break;
	case CHART_DOSE:
	case CHART_KIND_COUNT:
		return diag_error(d, "a report draws no such chart");
	}
	if (rc < 0)
		return -3;
	switch (gp_run(files->gp, files->out, timeout, d)) {
	case GP_DONE:
		return 0;
	case GP_MISSING:
		return -2;
	case GP_CANTCREAT:
		return -3;
	default:
		return -1;
	}
}

/* The athletes whose history is charted: those at high risk (at most
 * three), else the one most at risk. */
static size_t charted(const struct risk_report *r, size_t *who)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nathletes && n < 3; i++)
		if (r->athletes[i].level == RISK_HIGH)
			who[n++] = r->athletes[i].athlete;
	if (n == 0 && r->nathletes)
		who[n++] = r->athletes[0].athlete;
	return n;
}

/* A file name from an athlete's name: ASCII letters and digits kept,
 * anything else a '-'. */
static int add_slug(struct strbuf *sb, const char *name)
{
	int e = 0, dash = 0;

	for (; *name; name++) {
		unsigned char c = (unsigned char)*name;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			e |= strbuf_addch(sb, (char)c);
			dash = 0;
		} else if (c >= 'A' && c <= 'Z') {
			e |= strbuf_addch(sb, (char)(c - 'A' + 'a'));
			dash = 0;
		} else if (!dash && sb->len && sb->buf[sb->len - 1] != '-') {
			e |= strbuf_addch(sb, '-');
			dash = 1;
		}
	}
	return e;
}

/*
 * Makes the report's charts in dir as ext ("svg" or "png"); with keep_svg
 * reads each SVG back into c. Returns 0, or what one_chart returns, with d
 * filled.
 */
static int make_charts(const char *dir, const char *ext, int keep_svg,
		       const struct exposure_table *t,
		       const struct risk_report *r,
		       const struct report_backtest *bt,
		       const struct thresholds *th, int timeout,
		       struct charts *c, struct diag *d)
{
	struct analysis_options aopt;
	struct analysis_result ar;
	size_t who[3], nwho = charted(r, who);
	/* The calibration chart last, when the backtest can tell. */
	size_t n = 2 + 2 * nwho + (bt->s.enough != 0);
	struct strbuf name = STRBUF_INIT, caption = STRBUF_INIT;
	int rc = 0;

	analysis_options_init(&aopt);
	if (analysis_run(t, &aopt, &ar, d) < 0)
		return -1;
	if (!(c->v = calloc(n, sizeof(*c->v))))
		return diag_error(d, "out of memory");
	for (size_t k = 0; k < n && rc == 0; k++) {
		enum chart_kind kind = k == 0 ? CHART_TEAM : k == 1 ? CHART_FACTORS :
				       k == 2 + 2 * nwho ? CHART_CALIBRATION :
				       k % 2 == 0 ? CHART_HISTORY : CHART_LOAD;
		size_t athlete = k >= 2 && kind != CHART_CALIBRATION ?
				 who[(k - 2) / 2] : 0;
		struct chart_files files;

		strbuf_reset(&name);
		strbuf_reset(&caption);
		memset(&files, 0, sizeof(files));
		switch (kind) {
		case CHART_TEAM:
			rc |= strbuf_addstr(&name, "team");
			rc |= strbuf_addstr(&caption, "Cramp episodes by athlete and "
					    "ISO week, the last 12 weeks.");
			break;
		case CHART_FACTORS:
			rc |= strbuf_addstr(&name, "factors");
			rc |= strbuf_addstr(&caption, "Odds ratio of a cramp for each "
					    "factor, alone and adjusted (pooled "
					    "Firth model), with 95% CIs.");
			break;
		case CHART_CALIBRATION:
			rc |= strbuf_addstr(&name, "calibration");
			rc |= strbuf_addstr(&caption, "The backtest of the weekly "
					    "risk: observed cramps against the "
					    "predicted risk in ten groups, with "
					    "95% CIs, and the ROC curves of the "
					    "model and of history alone.");
			break;
		default:
			rc |= strbuf_addf(&name, "%s-%zu-", kind == CHART_HISTORY ?
					  "history" : "load", (k - 2) / 2 + 1);
			rc |= add_slug(&name, t->names[athlete]);
			rc |= strbuf_addf(&caption, kind == CHART_HISTORY ?
					  "Cramp history of %s: intake, body-mass "
					  "loss, tightness and load, with every "
					  "episode marked." :
					  "Training load of %s: daily, acute and "
					  "chronic, and the ACWR with the 0.8-1.3 "
					  "band (a disputed heuristic).",
					  t->names[athlete]);
			break;
		}
		if (rc) {
			rc = diag_error(d, "out of memory");
			break;
		}
		rc = one_chart(kind, dir, name.buf, ext, t, &ar, bt, athlete, th,
			       timeout, &files, d);
		if (rc == 0 && keep_svg) {
			struct report_chart *rc_ = &c->v[c->n];
			size_t len;

			if (cmd_read_file(files.out, 16u << 20, &rc_->svg, &len) < 0)
				rc = diag_error(d, "%s: %s", files.out, strerror(errno));
			else if (!(rc_->caption = strdup(caption.buf))) {
				free(rc_->svg);
				rc_->svg = NULL;
				rc = diag_error(d, "out of memory");
			}
			else
				c->n++;
		}
		if (keep_svg) {
			/* The temporary files go; --charts keeps its own. */
			if (files.out)
				unlink(files.out);
			if (files.gp)
				unlink(files.gp);
			if (files.dat)
				unlink(files.dat);
		}
		chart_files_release(&files);
	}
	strbuf_release(&name);
	strbuf_release(&caption);
	return rc;
}

static void charts_release(struct charts *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].caption);
		free(c->v[i].svg);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* The SVG charts inlined in the html report, made in a private temporary
 * directory. Without gnuplot, a note says so and the report goes on. */
static void inline_charts(const struct exposure_table *t,
			  const struct risk_report *r,
			  const struct report_backtest *bt,
			  const struct thresholds *th, int timeout,
			  struct charts *c)
{
	const char *tmpdir = getenv("TMPDIR");
	struct strbuf dir = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	int rc;

	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	if (strbuf_addf(&dir, "%s/cramplog-report-XXXXXX", tmpdir) < 0 ||
	    !mkdtemp(dir.buf)) {
		fprintf(stderr, "cramplog report: cannot make a temporary "
			"directory in %s: %s; the report has no charts\n", tmpdir,
			strerror(errno));
		c->note = "The charts could not be drawn (no temporary directory).";
		strbuf_release(&dir);
		return;
	}
	rc = make_charts(dir.buf, "svg", 1, t, r, bt, th, timeout, c, &d);
	rmdir(dir.buf);
	if (rc == -2) {
		cmd_print_diag(&d);
		fputs("cramplog report: the html report has no charts\n", stderr);
		c->note = "No charts: gnuplot is not installed (Debian package "
			  "gnuplot-nox).";
	} else if (rc < 0) {
		cmd_print_diag(&d);
		fputs("cramplog report: the html report has no charts\n", stderr);
		c->note = "The charts could not be drawn.";
	}
	if (rc < 0) {
		for (size_t i = 0; i < c->n; i++) {
			free(c->v[i].caption);
			free(c->v[i].svg);
		}
		c->n = 0;
	}
	diag_release(&d);
	strbuf_release(&dir);
}

/* --charts DIR: the PNG charts and their scripts. Returns an exit code. */
static int write_charts(const char *dir, const struct exposure_table *t,
			const struct risk_report *r,
			const struct report_backtest *bt,
			const struct thresholds *th, int timeout)
{
	struct charts c = { 0 };
	struct diag d = DIAG_INIT;
	struct stat st;
	char *real;
	int rc;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		file_error(dir, errno);
		return EXIT_CANTCREAT;
	}
	/* What exists already must be a directory we may write in. */
	errno = 0;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    access(dir, W_OK | X_OK) < 0) {
		file_error(dir, errno ? errno : ENOTDIR);
		return EXIT_CANTCREAT;
	}
	/* Reached through no other user's link in a shared directory. */
	if (!(real = outfile_resolve(dir, &d))) {
		cmd_print_diag(&d);
		diag_release(&d);
		return EXIT_CANTCREAT;
	}
	free(real);
	rc = make_charts(dir, "png", 0, t, r, bt, th, timeout, &c, &d);
	charts_release(&c);
	if (rc < 0)
		cmd_print_diag(&d);
	diag_release(&d);
	if (rc == -2)
		return EXIT_UNAVAILABLE;
	if (rc == -3)
		return EXIT_CANTCREAT;
	if (rc < 0)
		return EXIT_SOFTWARE;
	cmd_printf(stderr, "cramplog report: charts written to %s\n", dir);
	return EXIT_OK;
}

/* The backtest of the report's model up to the period's end, into bt
 * (backtest_release(&bt->b) after). Returns 0, or -1 with d filled. */
static int backtest_to(const struct exposure_table *t,
		       const struct risk_options *ropt,
		       struct report_backtest *bt, struct diag *d)
{
	struct backtest_options opt;

	backtest_options_init(&opt);
	memcpy(opt.factor_on, ropt->factor_on, sizeof(opt.factor_on));
	opt.method = ropt->method;
	opt.to_day = ropt->to_day;
	if (backtest_run(t, &opt, &bt->b, d) < 0)
		return -1;
	if (backtest_summarize(&bt->b, &bt->s, d) < 0) {
		backtest_release(&bt->b);
		return -1;
	}
	return 0;
}

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
		 "report is written), 70 gnuplot failed, 73 cannot write a file.\n",
	.formats = formats,
	.operands = 0,
	.take = take,
};

int cmd_report(int argc, char **argv)
{
	struct cmd_analysis a;
	struct exposure_options defaults;
	struct risk_options ropt;
	struct choices ch = { &ropt, CALENDAR_NO_DAY, NULL, NULL, "auto", 0, 60 };
	struct cmd_args args = { .ctx = &ch, .analysis = &a };
	struct risk_report rr;
	struct report_backtest bt;
	struct exposure_table t;
	struct report_input in;
	struct charts charts = { 0 };
	struct diag d = DIAG_INIT;
	struct strbuf doc = STRBUF_INIT;
	enum report_format format;
	const char *out, *charts_dir, *color;
	char week[CALENDAR_WEEK_NAME_SIZE] = "";
	int32_t monday, from, to, last = INT32_MIN;
	int week_set, from_set, to_set, no_charts, timeout;
	int code;
	int64_t only = 0;
	size_t squad_athletes;

	cmd_analysis_init(&a);
	exposure_options_init(&defaults);
	risk_options_init(&ropt);
	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	format = (enum report_format)args.format;
	out = ch.out;
	charts_dir = ch.charts_dir;
	no_charts = ch.no_charts;
	timeout = ch.timeout;
	monday = ch.monday;
	week_set = monday != CALENDAR_NO_DAY;
	color = ch.color;
	if (no_charts && charts_dir)
		return cmd_usage_error("report", "--charts DIR writes the charts, "
				       "--no-charts leaves them out: not both");
	from_set = a.exp.from_day != defaults.from_day;
	to_set = a.exp.to_day != defaults.to_day;
	if (week_set && (from_set || to_set))
		return cmd_usage_error("report", "--week or --from/--to, not both");
	if (from_set && to_set && a.exp.from_day > a.exp.to_day)
		return cmd_usage_error("report", "--from is after --to");
	from = a.exp.from_day;
	to = a.exp.to_day;
	/* The model is the squad's: every athlete, every day up to the
	 * period's end. */
	a.squad = 1;
	a.exp.from_day = defaults.from_day;
	a.exp.with_days = 1;
	if (week_set)
		a.exp.to_day = monday + 6;
	a.outputs[0] = out;
	a.output_dir = charts_dir;
	if ((code = cmd_load_exposures("report", &a, &t)) != EXIT_OK)
		return code;
	only = a.athlete_id;
	for (size_t i = 0; i < t.count; i++)
		if (t.rows[i].day > last)
			last = t.rows[i].day;
	if (t.count == 0) {
		fputs("cramplog report: no training sessions in the database up to "
		      "the period: nothing to report (import training logs first)\n",
		      stderr);
		exposure_table_release(&t);
		return EXIT_DATAERR;
	}
	week_set = calendar_period(week_set ? monday : CALENDAR_NO_DAY,
				   from_set ? from : CALENDAR_NO_DAY,
				   to_set ? to : CALENDAR_NO_DAY, last, &from, &to);
	if (week_set)
		calendar_format_iso_week(from, week);
	ropt.from_day = from;
	ropt.to_day = to;
	if (risk_compute(&t, &a.exp.thresholds, &ropt, &rr, &d) < 0) {
		cmd_print_diag(&d);
		diag_release(&d);
		exposure_table_release(&t);
		return EXIT_SOFTWARE;
	}
	if (backtest_to(&t, &ropt, &bt, &d) < 0) {
		cmd_print_diag(&d);
		diag_release(&d);
		risk_report_release(&rr);
		exposure_table_release(&t);
		return EXIT_SOFTWARE;
	}
	/* --athlete keeps one athlete's part; the squad stays the squad. */
	squad_athletes = rr.nathletes;
	if (only)
		keep_athlete(&rr, only, &t);
	if (format == REPORT_HTML && !no_charts)
		inline_charts(&t, &rr, &bt, &a.exp.thresholds, timeout, &charts);
	memset(&in, 0, sizeof(in));
	in.risk = &rr;
	in.squad_athletes = squad_athletes;
	in.table = &t;
	in.th = &a.exp.thresholds;
	in.week = week_set ? week : NULL;
	in.color = color_wanted(color, format == REPORT_TEXT, out);
	in.charts = charts.v;
	in.ncharts = charts.n;
	in.charts_note = charts.note;
	in.backtest = &bt.s;
	code = EXIT_OK;
	if (report_write(&doc, &in, format, &d) < 0) {
		cmd_print_diag(&d);
		code = EXIT_SOFTWARE;
	} else if (out) {
		if (write_atomically(out, &doc) < 0)
			code = EXIT_CANTCREAT;
		else
			cmd_printf(stderr, "cramplog report: wrote %s\n", out);
	} else {
		fwrite(doc.buf, 1, doc.len, stdout);
	}
	if (code == EXIT_OK && charts_dir)
		code = write_charts(charts_dir, &t, &rr, &bt, &a.exp.thresholds,
				    timeout);
	charts_release(&charts);
	strbuf_release(&doc);
	diag_release(&d);
	backtest_release(&bt.b);
	risk_report_release(&rr);
	exposure_table_release(&t);
	return cmd_finish(code);
}
