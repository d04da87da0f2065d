/*
 * The charts: each one a gnuplot script (.gp) and its data (.dat) written
 * beside the output file, so that a user can edit and re-run them, then
 * drawn by gnuplot. The output format follows the file name: .png
 * (pngcairo), .svg or .pdf (pdfcairo).
 */
#ifndef CRAMPLOG_CHART_H
#define CRAMPLOG_CHART_H

#include "analysis.h"
#include "backtest.h"
#include "diag.h"
#include "exposure.h"
#include "spill.h"

enum chart_format { CHART_PNG, CHART_SVG, CHART_PDF };

/* The names a chart writes: out as given, and out's name with .gp and .dat
 * in place of its extension. */
struct chart_files {
	enum chart_format format;
	char *out, *gp, *dat;
};

/* Fills files from out; -1 with d filled when out does not end in .png,
 * .svg or .pdf (any case). */
int chart_files_init(struct chart_files *files, const char *out,
		     struct diag *d);
void chart_files_release(struct chart_files *files);

/* The colour of each factor, the same in every chart ("#rrggbb"), and of
 * cramp episodes. */
const char *chart_factor_colour(enum factor f);
#define CHART_CRAMP_COLOUR "#d62728"

/* Each writes the .gp and .dat of one chart, none of them unless the
 * chart, its .gp and .dat can all be written (outfile_check). Returns 0,
 * or -1 with d filled. */

/* One athlete's history (t computed with with_days): daily fluid, sodium
 * and potassium, carbohydrate per kg, body-mass loss and tightness per
 * session, load and ACWR, with the thresholds, and every cramp episode
 * marked across all panels. */
int chart_history(const struct exposure_table *t, size_t athlete,
		  const struct thresholds *th, const struct chart_files *files,
		  struct diag *d);

/* Forest plot of each factor's odds ratio alone (2x2 table) and adjusted
 * (the model), with 95% CIs, on a log axis. */
int chart_factors(const struct analysis_result *r,
		  const struct chart_files *files, struct diag *d);

/* The team chart's figures: each athlete's cramp episodes in each of the
 * weeks from first_monday (athletes x weeks, by athlete), and with risk
 * each one's risk (percent; NAN: none). */
struct chart_team_data {
	int32_t first_monday;
	size_t weeks, athletes;
	unsigned *count, most;
	double *risk, most_risk;     /* NULL: the episodes' chart */
	int32_t first_day;           /* while counting: the earliest */
};

/* Counts the cramp episodes of the squad's sessions (all athletes, their
 * flags as exposure.h makes them) in the last `weeks` weeks with a
 * session, at most, a session at a time, by athlete (none held): begin
 * with the latest day of the sessions to come, add each, end with the
 * athletes' count (their names' count). chart_team_data_release(out)
 * after. */
void chart_team_begin(struct chart_team_data *out, int weeks, int32_t last);
void chart_team_add(struct chart_team_data *out, const struct session_flags *e);
void chart_team_end(struct chart_team_data *out, size_t athletes);
/* Fills c's risk: each athlete's risk of a cramp in each of c's weeks,
 * from core/risk.c's model fitted on the sessions up to the week's end
 * (the risks need only the flags), a session at a time (none held): new
 * with c begun (chart_team_begin: its weeks), add each session by athlete
 * and day, finish with c ended (chart_team_end) and the names of its
 * athletes; finish frees w (free: a walk not finished; NULL: nothing). */
struct chart_risk_walk;
struct chart_risk_walk *chart_risk_walk_new(const struct chart_team_data *c);
void chart_risk_walk_add(struct chart_risk_walk *w,
			 const struct session_flags *e);
void chart_risk_walk_finish(struct chart_risk_walk *w,
			    struct chart_team_data *c, char *const *names);
void chart_risk_walk_free(struct chart_risk_walk *w);
void chart_team_data_release(struct chart_team_data *c);
/* The heat map of c, its rows named by names (c->athletes of them):
 * cramp episodes by athlete and ISO week, or with c's risk each
 * athlete's risk of a cramp that week. A squad of more than
 * CHART_TEAM_ROWS athletes shows the CHART_TEAM_ROWS with the most
 * episodes in those weeks (with risk: the highest risk), in the names'
 * order, and says so in the title: a federation's thousand rows would be
 * an unreadable chart (and a 6 MB SVG in the html report). */
#define CHART_TEAM_ROWS 60
int chart_team_draw(const struct chart_team_data *c, char *const *names,
		    const struct chart_files *files, struct diag *d);

/* One athlete's daily load, acute and chronic load, and ACWR with the
 * 0.8-1.3 band (t computed with with_days). */
int chart_load(const struct exposure_table *t, size_t athlete,
	       const struct thresholds *th, const struct chart_files *files,
	       struct diag *d);

/* The backtest (core/backtest.c) of the weekly risk: its sessions in
 * CHART_CALIBRATION_GROUPS groups of equal size by the model's risk, the
 * observed rate of each with its 95% interval against the mean risk, and
 * the diagonal; beside it the ROC curves of the model and of history
 * alone (c: backtest_curves of the backtest s summarizes, in
 * CHART_CALIBRATION_GROUPS groups). */
#define CHART_CALIBRATION_GROUPS BACKTEST_CURVE_GROUPS
int chart_calibration(const struct backtest_curves *c,
		      const struct backtest_summary *s,
		      const struct chart_files *files, struct diag *d);

/* The charts, as `cramplog plot` names them; `report --charts` draws the
 * first five. */
enum chart_kind {
	CHART_HISTORY, CHART_FACTORS, CHART_TEAM, CHART_LOAD, CHART_CALIBRATION,
	CHART_DOSE,
	CHART_KIND_COUNT
};

/* The kind called name ("history", ...), or CHART_KIND_COUNT. */
enum chart_kind chart_kind_from_name(const char *name);

/* The dose chart's rug: each session's value of the exposure, where
 * known, and 1 when it had a cramp, else 0, in the order added; past
 * CRAMPLOG_ROWS_MEMORY in a temporary file (spill.h), as the model's
 * rows. */
struct chart_rug {
	enum exposure_value value;
	struct row_spill rows;
};

void chart_rug_init(struct chart_rug *rug, enum exposure_value value);
/* Adds e's value of rug->value (nothing when unknown); a failure to keep
 * it is told by chart_dose. */
void chart_rug_add(struct chart_rug *rug, const struct session_exposure *e);
void chart_rug_release(struct chart_rug *rug);

/* A dose-response curve (r computed with a spline, and fitted): the odds
 * ratio of a cramp against the median, with its 95% band, over the grid;
 * a rug of the exposure's values (those with a cramp above the others);
 * the median, and the factor's threshold (NAN: none;
 * shown when within the values seen), marked. */
int chart_dose(const struct analysis_result *r, struct chart_rug *rug,
	       double threshold, const struct chart_files *files,
	       struct diag *d);

#endif
