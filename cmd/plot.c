/*
 * cramplog plot: the charts, drawn by gnuplot from a script and a data file
 * that stay beside the chart.
 */
#include "analysis.h"
#include "backtest.h"
#include "chart.h"
#include "cmd.h"
#include "gnuplot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_OUT = OPT_OWN, OPT_NO_RENDER, OPT_WEEKS, OPT_RISK, OPT_DESIGN,
       OPT_MODEL, OPT_TIMEOUT, OPT_FACTOR, OPT_KNOTS };

static const struct cmd_option options[] = {
	{ "out", OPT_OUT, "FILE", "the chart to write (required)", NULL },
	{ "no-render", OPT_NO_RENDER, NULL, "write only the .gp script and .dat "
	  "data", NULL },
	{ "weeks", OPT_WEEKS, "N", "team: the last N ISO weeks (default 12)", NULL },
	{ "risk", OPT_RISK, NULL, "team: the risk of a cramp in a coming session,\n"
	  "from the model of 'cramplog report' fitted on\nthe sessions up to "
	  "each week's end", NULL },
	{ "design", OPT_DESIGN, "DESIGN", "factors, dose: pooled (default) or "
	  "within", NULL },
	{ "model", OPT_MODEL, "MODEL", "factors, dose, calibration: firth "
	  "(default)\nor mle", NULL },
	{ "factor", OPT_FACTOR, "NAME", "dose: the exposure, as a column of "
	  "'exposures'", NULL },
	{ "knots", OPT_KNOTS, "N", "dose: the spline's knots, 3, 4 (default) or 5",
	  NULL },
	{ "timeout", OPT_TIMEOUT, "SECONDS", "stop gnuplot after this long "
	  "(default 60)", NULL },
	CMD_OPTIONS_ANALYSIS(NULL, NULL),
	{ NULL, 0, NULL, NULL, NULL }
};

struct choices {
	struct analysis_options *opt;
	const char *out;
	int render, weeks, risk, timeout;
};

static int take(void *ctx, int code, const char *arg)
{
	struct choices *ch = ctx;

	switch (code) {
	case OPT_OUT:
		ch->out = arg;
		break;
	case OPT_NO_RENDER:
		ch->render = 0;
		break;
	case OPT_RISK:
		ch->risk = 1;
		break;
	case OPT_WEEKS:
		if (cmd_parse_int(arg, 1, 520, &ch->weeks) < 0)
			return cmd_usage_error("plot", "--weeks must be 1 to 520, "
					       "not '%s'", arg);
		break;
	case OPT_TIMEOUT:
		return cmd_parse_timeout("plot", arg, &ch->timeout);
	case OPT_DESIGN:
		return cmd_parse_design("plot", arg, &ch->opt->design);
	case OPT_MODEL:
		return cmd_parse_method("plot", arg, &ch->opt->method);
	case OPT_FACTOR:
		ch->opt->spline = exposure_value_from_name(arg, strlen(arg));
		if (ch->opt->spline == VALUE_COUNT)
			return cmd_usage_error("plot", "--factor: unknown continuous "
					       "exposure '%s' (the columns of "
					       "'exposures', as in 'analyze --terms "
					       "continuous')", arg);
		break;
	case OPT_KNOTS:
		return cmd_parse_knots("plot", arg, ch->opt);
	}
	return EXIT_OK;
}

static const struct cmd_spec spec = {
	.name = "plot",
	.about = "usage: cramplog plot CHART --out FILE [OPTIONS]\n"
		 "\n"
		 "Draws a chart with gnuplot. FILE's extension sets the format: .png,\n"
		 ".svg or .pdf. Beside it stay FILE's .gp script and .dat data, to\n"
		 "edit and draw again with 'gnuplot FILE.gp'.\n"
		 "\n"
		 "charts:\n"
		 "  history --athlete NAME  daily fluid, sodium and potassium,\n"
		 "                       carbohydrate per kg, body-mass loss, tightness,\n"
		 "                       load and ACWR, with every cramp episode marked\n"
		 "  factors              forest plot of each factor's odds ratio, alone\n"
		 "                       and adjusted, with 95% CIs (log axis)\n"
		 "  team                 heat map of cramp episodes by athlete and week\n"
		 "                       (--risk: of each athlete's risk that week)\n"
		 "  load --athlete NAME  daily, acute and chronic load, and ACWR with\n"
		 "                       the 0.8-1.3 band\n"
		 "  calibration          the backtest of 'cramplog validate': observed\n"
		 "                       against predicted risk in ten groups, with 95%\n"
		 "                       CIs, and the ROC curves of the model and of\n"
		 "                       history alone (--from/--to: the sessions\n"
		 "                       scored; --model as for validate)\n"
		 "  dose --factor NAME   the dose-response curve of a continuous exposure\n"
		 "                       (as 'analyze --spline'), its 95% band, a rug of\n"
		 "                       the sessions' values and the default threshold\n"
		 "\n"
		 "options:\n",
	.options = options,
	.width = 23,
	.after = "\n"
		 "environment: CRAMPLOG_GNUPLOT, the gnuplot program (default: gnuplot\n"
		 "on PATH).\n"
		 "exit status: 0, 64 usage, 65 nothing to plot in the selection,\n"
		 "66 no database or no such athlete, 69 gnuplot not installed (the .gp\n"
		 "and .dat are written), 70 gnuplot failed, 73 cannot write the files,\n"
		 "74 (dose) a temporary file could not be written or read.\n",
	.operands = 1,
	.take = take,
};

/* "nothing to plot" when a selection has no session: EXIT_DATAERR. */
static int nothing_to_plot(void)
{
	fprintf(stderr, "cramplog plot: no training sessions in the selection: "
		"nothing to plot\n");
	return EXIT_DATAERR;
}

/* What the team chart's walk counts. */
struct plot_walk {
	uint64_t sessions;
	struct chart_team_data *team;       /* begun when settled */
	int weeks, with_risk;
	struct chart_risk_walk *risk;       /* --risk */
};

static void walk_session(void *arg, const struct session_flags *e,
			 int64_t athlete_id)
{
	struct plot_walk *w = arg;

	(void)athlete_id;
	chart_team_add(w->team, e);
	if (w->risk)
		chart_risk_walk_add(w->risk, e);
	w->sessions++;
}

/* The team chart's weeks end at the latest session's; no period read. */
static void team_settle(void *arg, int32_t latest,
			struct exposure_options *period)
{
	struct plot_walk *w = arg;

	chart_team_begin(w->team, w->weeks, latest);
	if (w->with_risk)
		w->risk = chart_risk_walk_new(w->team);
	period->from_day = 1;
	period->to_day = 0;
}

/* The calibration chart of b (the backtest of the sessions of --from's
 * span): exit code. */
static int draw_calibration(struct backtest *b,
			    const struct chart_files *files, struct diag *d)
{
	struct backtest_curves c;
	struct backtest_summary s;
	int code = EXIT_OK;

	backtest_summarize(b, &s);
	if (!s.enough) {
		fprintf(stderr, "cramplog plot: too little data for the "
			"calibration chart: %zu cramps in %zu scored "
			"sessions (see 'cramplog validate')\n",
			(size_t)s.cramps, s.sessions);
		return EXIT_DATAERR;
	}
	backtest_curves(b, NULL, CHART_CALIBRATION_GROUPS, &c);
	if (chart_calibration(&c, &s, files, d) < 0)
		code = EXIT_CANTCREAT;
	backtest_curves_release(&c);
	return code;
}

/* The calibration chart: the backtest of the sessions of a->exp's span
 * (of --athlete's) as `cramplog validate` makes it, from the sessions'
 * flags as they are read, none held: its predictions summed by week and
 * flags, each session's cramp kept as a bit (from is --from: a->exp's is
 * the squad's first day). Returns an exit code. */
static int calibration_chart(struct cmd_analysis *a, int32_t from,
			     enum stats_method method,
			     const struct chart_files *files, struct diag *d)
{
	struct cmd_backtest_stream bs = {
		.a = a, .how = BACKTEST_WALK_CELLS | BACKTEST_WALK_CRAMPS
	};
	struct cmd_split stream = { NULL, cmd_backtest_session, 0, NULL, &bs };
	struct exposure_table t;
	struct flags_table ft;
	struct backtest b;
	int code;

	backtest_options_init(&bs.opt);
	bs.opt.method = method;
	bs.opt.from_day = from;
	bs.opt.to_day = a->exp.to_day;
	bs.opt.by_athlete_week = 1;
	code = cmd_load_split("plot", a, &stream, &ft, &t);
	if (code != EXIT_OK) {
		cmd_backtest_free(&bs);
		return code;
	}
	cmd_backtest_finish(&bs, &b);
	code = bs.sessions == 0 ? nothing_to_plot() :
				  draw_calibration(&b, files, d);
	backtest_release(&b);
	flags_table_release(&ft);
	exposure_table_release(&t);
	return code;
}

/* The team chart of episodes (with_risk: of risks, each week's report's
 * model), from the sessions' flags as they are read, none held. Returns
 * an exit code. */
static int team_chart(struct cmd_analysis *a, int weeks, int with_risk,
		      const struct chart_files *files, struct diag *d)
{
	struct chart_team_data c = { 0 };
	struct exposure_table t;
	struct flags_table ft;
	struct plot_walk w = { 0, &c, weeks, with_risk, NULL };
	struct cmd_split stream = { team_settle, walk_session, 0, NULL, &w };
	int code;

	code = cmd_load_split("plot", a, &stream, &ft, &t);
	if (code == EXIT_OK && w.sessions == 0) {
		code = nothing_to_plot();
	} else if (code == EXIT_OK) {
		chart_team_end(&c, ft.names_count);
		if (w.risk)
			chart_risk_walk_finish(w.risk, &c, ft.names);
		w.risk = NULL;
		if (chart_team_draw(&c, ft.names, files, d) < 0)
			code = EXIT_CANTCREAT;
	}
	chart_risk_walk_free(w.risk);
	chart_team_data_release(&c);
	flags_table_release(&ft);
	exposure_table_release(&t);
	return code;
}

/* The factors' chart, from the pattern counts when the database keeps
 * them. Returns an exit code. */
static int factors_chart(struct cmd_analysis *a,
			 const struct analysis_options *opt,
			 const struct chart_files *files, struct diag *d)
{
	struct analysis_result res;
	int code = cmd_run_analysis("plot", a, opt, &res);

	if (code != EXIT_OK)
		return code;
	if (res.sessions == 0)
		return nothing_to_plot();
	return chart_factors(&res, files, d) < 0 ? EXIT_CANTCREAT : EXIT_OK;
}

/* The dose chart's sessions as they are made: the model's rows and the
 * rug (each kept in memory up to a bound, then in a temporary file). */
struct dose_sink {
	struct analysis_stream *s;
	struct chart_rug rug;
};

static int dose_session(void *arg, const struct exposure_table *t,
			const struct session_exposure *e)
{
	struct dose_sink *k = arg;

	chart_rug_add(&k->rug, e);
	return analysis_stream_add(k->s, t, e);
}

/* The dose-response chart, from the sessions streamed (only the model's
 * rows and the rug kept). Returns an exit code. */
static int dose_chart(struct cmd_analysis *a,
		      const struct analysis_options *opt,
		      const struct chart_files *files, struct diag *d)
{
	struct dose_sink k = { analysis_stream_new(opt), { 0 } };
	struct analysis_result res;
	struct exposure_table t;
	int code;

	chart_rug_init(&k.rug, opt->spline);
	code = cmd_each_exposure("plot", a, dose_session, &k, &t);

	if (code != EXIT_OK) {
		analysis_stream_free(k.s);
	} else {
		analysis_stream_finish(k.s, &t, &res);
		if ((code = cmd_spill_error("plot", &res)) != EXIT_OK) {
			/* Said. */
		} else if (res.sessions == 0) {
			code = nothing_to_plot();
		} else if (!res.spline.fitted) {
			fprintf(stderr, "cramplog plot: no dose-response curve of "
				"%s to plot: %s\n", exposure_value_name(opt->spline),
				res.model.reason ? res.model.reason :
				"the spline could not be fitted");
			code = EXIT_DATAERR;
		} else if (chart_dose(&res, &k.rug, exposure_value_threshold(
				&a->exp.thresholds, opt->spline), files, d) < 0) {
			/* The rug's temporary file, or the chart's files. */
			code = k.rug.rows.failed ? EXIT_IOERR : EXIT_CANTCREAT;
		}
	}
	chart_rug_release(&k.rug);
	exposure_table_release(&t);
	return code;
}

/* The charts drawn from one athlete's rows: history and load. Returns an
 * exit code. */
static int row_chart(enum chart_kind kind, struct cmd_analysis *a,
		     const struct chart_files *files, struct diag *d)
{
	struct exposure_table t;
	int code, rc;

	if ((code = cmd_load_exposures("plot", a, &t)) != EXIT_OK)
		return code;
	if (t.count == 0) {
		exposure_table_release(&t);
		return nothing_to_plot();
	}
	rc = kind == CHART_HISTORY ?
	     chart_history(&t, 0, &a->exp.thresholds, files, d) :
	     chart_load(&t, 0, &a->exp.thresholds, files, d);
	exposure_table_release(&t);
	return rc < 0 ? EXIT_CANTCREAT : code;
}

/* Loads what the chart needs and writes its files; returns an exit
 * code (after a message). */
static int write_chart(enum chart_kind kind, struct cmd_analysis *a,
		       const struct analysis_options *opt, int32_t from,
		       const struct choices *ch,
		       const struct chart_files *files)
{
	struct diag d = DIAG_INIT;
	int code;

	if (kind == CHART_CALIBRATION)
		code = calibration_chart(a, from, opt->method, files, &d);
	else if (kind == CHART_TEAM)
		code = team_chart(a, ch->weeks, ch->risk, files, &d);
	else if (kind == CHART_FACTORS)
		code = factors_chart(a, opt, files, &d);
	else if (kind == CHART_DOSE)
		code = dose_chart(a, opt, files, &d);
	else
		code = row_chart(kind, a, files, &d);
	if (code == EXIT_CANTCREAT || code == EXIT_IOERR)
		cmd_print_diag(&d);
	diag_release(&d);
	return code;
}

int cmd_plot(int argc, char **argv)
{
	struct cmd_analysis a;
	struct analysis_options opt;
	struct choices ch = { &opt, NULL, 1, 12, 0, 60 };
	struct cmd_args args = { .ctx = &ch, .analysis = &a };
	struct chart_files files;
	struct diag d = DIAG_INIT;
	enum chart_kind kind;
	const char *chart;
	int code;
	int32_t from = 0;

	cmd_analysis_init(&a);
	analysis_options_init(&opt);
	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	if (args.noperands == 0)
		return cmd_usage_error("plot", "which chart? history, factors, "
				       "team, load, calibration or dose");
	chart = args.operands[0];
	if ((kind = chart_kind_from_name(chart)) == CHART_KIND_COUNT)
		return cmd_usage_error("plot", "unknown chart '%s' (history, "
				       "factors, team, load, calibration or "
				       "dose)", chart);
	if (!ch.out)
		return cmd_usage_error("plot", "--out FILE is required (.png, "
				       ".svg or .pdf)");
	if (ch.risk && kind != CHART_TEAM)
		return cmd_usage_error("plot", "--risk is for the team chart");
	if ((kind == CHART_DOSE) != (opt.spline < VALUE_COUNT))
		return cmd_usage_error("plot", kind == CHART_DOSE ? "the dose chart needs "
				       "--factor NAME" : "--factor is for the dose "
				       "chart");
	if (kind == CHART_DOSE) {
		opt.terms = TERMS_CONTINUOUS;
		memset(opt.value_on, 0, sizeof(opt.value_on));
	}
	if ((kind == CHART_HISTORY || kind == CHART_LOAD) && !a.athlete)
		return cmd_usage_error("plot", "the %s chart needs --athlete NAME",
				       chart);
	if (chart_files_init(&files, ch.out, &d) < 0) {
		cmd_print_diag(&d);
		diag_release(&d);
		return EXIT_USAGE;
	}
	a.exp.with_days = kind == CHART_HISTORY || kind == CHART_LOAD;
	if (kind == CHART_CALIBRATION) {
		struct exposure_options defaults;

		/* The fits are the squad's, from the first day; --from
		 * chooses the sessions scored (back in a.exp once loaded). */
		exposure_options_init(&defaults);
		from = a.exp.from_day;
		a.exp.from_day = defaults.from_day;
		a.squad = 1;
	}
	a.outputs[0] = files.out;
	a.outputs[1] = files.gp;
	a.outputs[2] = files.dat;
	code = write_chart(kind, &a, &opt, from, &ch, &files);
	if (code == EXIT_OK && ch.render) {
		switch (gp_run(files.gp, files.out, ch.timeout, &d)) {
		case GP_DONE:
			cmd_printf(stdout, "wrote %s (script %s, data %s)\n",
				   files.out, files.gp, files.dat);
			break;
		case GP_MISSING:
			cmd_print_diag(&d);
			code = EXIT_UNAVAILABLE;
			break;
		case GP_FAILED:
		case GP_TIMEOUT:
			cmd_print_diag(&d);
			code = EXIT_SOFTWARE;
			break;
		case GP_CANTCREAT:
			cmd_print_diag(&d);
			code = EXIT_CANTCREAT;
			break;
		}
	} else if (code == EXIT_OK) {
		cmd_printf(stdout, "wrote %s and %s (draw with: gnuplot %s)\n",
			   files.gp, files.dat, files.gp);
	}
	diag_release(&d);
	chart_files_release(&files);
	return cmd_finish(code);
}
