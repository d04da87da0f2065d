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

#include "backtest.h"
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

/*
 * Draws the report's charts of r (t computed with with_days, the squad's;
 * b and s the backtest up to the period's end) into dir, as ext ("png" or
 * "svg"), named team, factors, history-N-NAME, load-N-NAME and
 * calibration. With inline_svg each chart is read back into c (with its
 * caption) and its files removed; report_charts_release(c) after, whatever
 * the result. Stops at the first chart that fails:
 * returns REPORT_CHARTS_DONE, or another result with d saying why.
 */
enum report_charts_result
report_charts_draw(const char *dir, const char *ext, int inline_svg,
		   const struct exposure_table *t, const struct risk_report *r,
		   const struct backtest *b, const struct backtest_summary *s,
		   const struct thresholds *th, int timeout,
		   struct report_charts *c, struct diag *d);
/* Frees the charts read back; c is empty after. */
void report_charts_release(struct report_charts *c);

#endif
