/*
 * The charts of the weekly report (`cramplog report`): the team's heat
 * map, the factors' forest plot, the history and the load of each athlete
 * at high risk (at most three, else of the one most at risk), and the
 * backtest's calibration when it can tell; each drawn by gnuplot into a
 * directory, as PNG beside its .gp and .dat (--charts), or as SVG read
 * back to be inlined in the html report.
 */
#ifndef CRAMPLOG_REPORT_CHARTS_H
#define CRAMPLOG_REPORT_CHARTS_H

#include "analysis.h"
#include "backtest.h"
#include "chart.h"
#include "diag.h"
#include "exposure.h"
#include "report.h"
#include "risk.h"

/* The charts read back (inline_svg), in the order drawn. */
struct report_charts {
	struct report_chart *v;
	size_t n;
};

enum report_charts_result {
	REPORT_CHARTS_DONE = 0,
	REPORT_CHARTS_FAILED = -1,      /* gnuplot failed, or another error */
	REPORT_CHARTS_NO_GNUPLOT = -2,  /* no gnuplot to draw them */
	REPORT_CHARTS_CANTCREAT = -3    /* a file cannot be written */
};

/* The athletes whose history and load are charted: at most this many. */
#define REPORT_CHARTS_ATHLETES 3

/* What the charts are drawn from, made while the squad's flags are at
 * hand (report_charts_prepare), then the athletes charted (their full
 * rows and days, with_days) set by the caller. */
struct report_chart_data {
	struct chart_team_data team;      /* episodes by athlete and week */
	char *const *names;               /* the team chart's rows' names */
	struct analysis_result factors;   /* the squad's, as analyze's */
	struct backtest_curves curves;    /* the calibration and ROC */
	struct {
		const struct exposure_table *t;
		size_t athlete;           /* index into t's names */
	} who[REPORT_CHARTS_ATHLETES];
	size_t nwho;
};

/* Into who the athletes of r whose history and load are charted (indices
 * into r's names): those at high risk in r's order, at most
 * REPORT_CHARTS_ATHLETES, else the one most at risk; returns how many. */
size_t report_charts_athletes(const struct risk_report *r,
			      size_t who[REPORT_CHARTS_ATHLETES]);
/* Fills c but its athletes (left as they are) from the squad's sessions
 * (every one up to the period's end, the latest on day latest) as they
 * come, by athlete and day, none held: new, then add each session's
 * flags, then finish with names for its athletes (names_count of them,
 * borrowed), window_days its intake window and the backtest b run on
 * them with BACKTEST_WALK_CELLS and BACKTEST_WALK_CRAMPS; finish frees w (free:
 * a walk not finished, NULL: nothing). report_charts_data_release(c)
 * after. */
struct report_charts_walk;
struct report_charts_walk *report_charts_walk_new(int32_t latest);
void report_charts_walk_add(struct report_charts_walk *w,
			    const struct session_flags *e);
void report_charts_walk_finish(struct report_charts_walk *w,
			       struct report_chart_data *c, char *const *names,
			       size_t names_count, int window_days,
			       const struct backtest *b);
void report_charts_walk_free(struct report_charts_walk *w);
void report_charts_data_release(struct report_chart_data *c);

/*
 * Draws the report's charts of data (s the summary of the backtest data
 * was prepared from) into dir, as ext ("png" or "svg"), named team,
 * factors, history-N-NAME, load-N-NAME and calibration (when s can tell).
 * With inline_svg each chart is read back into c (with its caption) and
 * its files removed; report_charts_release(c) after, whatever the result.
 * Stops at the first chart that fails: returns REPORT_CHARTS_DONE, or
 * another result with d saying why; without gnuplot, and without
 * inline_svg, it writes every chart's .gp and .dat before it returns
 * REPORT_CHARTS_NO_GNUPLOT.
 */
enum report_charts_result
report_charts_draw(const char *dir, const char *ext, int inline_svg,
		   const struct report_chart_data *data,
		   const struct backtest_summary *s,
		   const struct thresholds *th, int timeout,
		   struct report_charts *c, struct diag *d);
/* Frees the charts read back; c is empty after. */
void report_charts_release(struct report_charts *c);

#endif
