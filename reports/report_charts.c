/*
 * The charts of the weekly report (report_charts.h): which are drawn, in
 * which order, under which names and captions, and each one's drawing.
 */
#include "report_charts.h"
#include "chart.h"
#include "gnuplot.h"
#include "outfile.h"
#include "patterns.h"
#include "strbuf.h"
#include "xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The largest chart read back. */
#define MAX_SVG (16u << 20)

/* One chart of the report: its kind, and for history and load the
 * athlete's place in the data's who (rank - 1: 1 to 3). */
struct planned {
	enum chart_kind kind;
	size_t rank;
};

size_t report_charts_athletes(const struct risk_report *r,
			      size_t who[REPORT_CHARTS_ATHLETES])
{
	size_t n = 0;

	for (size_t i = 0; i < r->nathletes && n < REPORT_CHARTS_ATHLETES; i++)
		if (r->athletes[i].level == RISK_HIGH)
			who[n++] = r->athletes[i].athlete;
	if (n == 0 && r->nathletes)
		who[n++] = r->athletes[0].athlete;
	return n;
}

/* What the charts count of the squad's sessions as they come: the team
 * chart's episodes and the factors' pattern counts. */
struct report_charts_walk {
	struct chart_team_data team;
	struct pattern_table pt;
	struct pattern_cells *cells;
};

struct report_charts_walk *report_charts_walk_new(int32_t latest)
{
	struct report_charts_walk *w = xcalloc(1, sizeof(*w));

	chart_team_begin(&w->team, 12, latest);
	w->cells = pattern_cells_new(&w->pt);
	return w;
}

void report_charts_walk_add(struct report_charts_walk *w,
			    const struct session_flags *e)
{
	chart_team_add(&w->team, e);
	/* As analysis_run counts a table's sessions: no history term. */
	pattern_cells_add(w->cells, e->athlete, e->flag, FLAG_UNKNOWN,
			  e->cramp);
}

void report_charts_walk_finish(struct report_charts_walk *w,
			       struct report_chart_data *c, char *const *names,
			       size_t names_count, int window_days,
			       const struct backtest *b)
{
	struct analysis_options aopt;

	pattern_cells_end(w->cells);
	w->cells = NULL;
	w->pt.names_count = names_count;
	chart_team_end(&w->team, names_count);
	c->team = w->team;
	memset(&w->team, 0, sizeof(w->team));
	c->names = names;
	analysis_options_init(&aopt);
	analysis_run_patterns(&w->pt, window_days, &aopt, &c->factors);
	backtest_curves(b, NULL, CHART_CALIBRATION_GROUPS, &c->curves);
	report_charts_walk_free(w);
}

void report_charts_walk_free(struct report_charts_walk *w)
{
	if (!w)
		return;
	if (w->cells)
		pattern_cells_end(w->cells);
	pattern_table_release(&w->pt);
	chart_team_data_release(&w->team);
	free(w);
}

void report_charts_data_release(struct report_chart_data *c)
{
	chart_team_data_release(&c->team);
	backtest_curves_release(&c->curves);
	memset(c, 0, sizeof(*c));
}

/* The charts in the order drawn: team, factors, history and load of each
 * athlete charted, and the calibration last, when the backtest can tell.
 * Returns how many. */
static size_t plan(const struct report_chart_data *data,
		   const struct backtest_summary *s,
		   struct planned p[3 + 2 * REPORT_CHARTS_ATHLETES])
{
	size_t n = 0;

	p[n++] = (struct planned){ CHART_TEAM, 0 };
	p[n++] = (struct planned){ CHART_FACTORS, 0 };
	for (size_t i = 0; i < data->nwho; i++) {
		p[n++] = (struct planned){ CHART_HISTORY, i + 1 };
		p[n++] = (struct planned){ CHART_LOAD, i + 1 };
	}
	if (s->enough)
		p[n++] = (struct planned){ CHART_CALIBRATION, 0 };
	return n;
}

/* A file name from an athlete's name: ASCII letters and digits kept,
 * anything else a '-'. */
static void add_slug(struct strbuf *sb, const char *name)
{
	int dash = 0;

	for (; *name; name++) {
		unsigned char c = (unsigned char)*name;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			strbuf_addch(sb, (char)c);
			dash = 0;
		} else if (c >= 'A' && c <= 'Z') {
			strbuf_addch(sb, (char)(c - 'A' + 'a'));
			dash = 0;
		} else if (!dash && sb->len && sb->buf[sb->len - 1] != '-') {
			strbuf_addch(sb, '-');
			dash = 1;
		}
	}
}

/* The chart's file name under dir, and its caption. */
static void describe(const struct planned *p,
		     const struct report_chart_data *data, const char *dir,
		     const char *ext, struct strbuf *path,
		     struct strbuf *caption)
{
	const char *name = NULL;
	size_t len;

	if (p->rank) {
		const struct exposure_table *t = data->who[p->rank - 1].t;

		name = t->names[data->who[p->rank - 1].athlete];
	}
	strbuf_addf(path, "%s/", dir);
	switch (p->kind) {
	case CHART_TEAM:
		strbuf_addstr(path, "team");
		strbuf_addstr(caption, "Cramp episodes by athlete and ISO week, "
			      "the last 12 weeks.");
		break;
	case CHART_FACTORS:
		strbuf_addstr(path, "factors");
		strbuf_addstr(caption, "Odds ratio of a cramp for each factor, "
			      "alone and adjusted (pooled Firth model), with 95% "
			      "CIs.");
		break;
	case CHART_CALIBRATION:
		strbuf_addstr(path, "calibration");
		strbuf_addstr(caption, "The backtest of the weekly risk: observed "
			      "cramps against the predicted risk in ten groups, "
			      "with 95% CIs, and the ROC curves of the model and "
			      "of history alone.");
		break;
	default:
		strbuf_addf(path, "%s-%zu-", p->kind == CHART_HISTORY ? "history" :
			    "load", p->rank);
		len = path->len;
		add_slug(path, name);
		/* A name of no ASCII letter or digit. */
		if (path->len == len)
			strbuf_addstr(path, "athlete");
		strbuf_addf(caption, p->kind == CHART_HISTORY ?
			    "Cramp history of %s: intake, body-mass loss, "
			    "tightness and load, with every episode marked." :
			    "Training load of %s: daily, acute and chronic, and "
			    "the ACWR with the 0.8-1.3 band (a disputed "
			    "heuristic).", name);
		break;
	}
	strbuf_addf(path, ".%s", ext);
}

/* Writes one chart's .gp and .dat and renders it; without render (no
 * gnuplot, found at an earlier chart) writes them only, and returns
 * REPORT_CHARTS_NO_GNUPLOT. */
static enum report_charts_result
draw(const struct planned *p, const struct report_chart_data *data,
     const struct backtest_summary *s, const struct thresholds *th,
     int timeout, int render, const struct chart_files *files,
     struct diag *d)
{
	const struct exposure_table *t = p->rank ?
		data->who[p->rank - 1].t : NULL;
	size_t athlete = p->rank ? data->who[p->rank - 1].athlete : 0;
	int rc = -1;

	switch (p->kind) {
	case CHART_TEAM:
		rc = chart_team_draw(&data->team, data->names, files, d);
		break;
	case CHART_FACTORS:
		rc = chart_factors(&data->factors, files, d);
		break;
	case CHART_HISTORY:
		rc = chart_history(t, athlete, th, files, d);
		break;
	case CHART_CALIBRATION:
		rc = chart_calibration(&data->curves, s, files, d);
		break;
	case CHART_LOAD:
		rc = chart_load(t, athlete, th, files, d);
		break;
	case CHART_DOSE:
	case CHART_KIND_COUNT:
		diag_error(d, "a report draws no such chart");
		return REPORT_CHARTS_FAILED;
	}
	if (rc < 0)
		return REPORT_CHARTS_CANTCREAT;
	if (!render)
		return REPORT_CHARTS_NO_GNUPLOT;
	switch (gp_run(files->gp, files->out, timeout, d)) {
	case GP_DONE:
		return REPORT_CHARTS_DONE;
	case GP_MISSING:
		return REPORT_CHARTS_NO_GNUPLOT;
	case GP_CANTCREAT:
		return REPORT_CHARTS_CANTCREAT;
	default:
		return REPORT_CHARTS_FAILED;
	}
}

/* Reads the drawn SVG into the next of c, and removes its files. */
static enum report_charts_result keep_svg(const struct chart_files *files,
					  const char *caption,
					  struct report_charts *c,
					  struct diag *d)
{
	struct report_chart *chart = &c->v[c->n];
	enum report_charts_result rc = REPORT_CHARTS_DONE;
	size_t len;

	if (outfile_read_all(files->out, MAX_SVG, &chart->svg, &len) < 0) {
		diag_error(d, "%s: %s", files->out, strerror(errno));
		rc = REPORT_CHARTS_FAILED;
	} else {
		chart->caption = xstrdup(caption);
		c->n++;
	}
	return rc;
}

enum report_charts_result
report_charts_draw(const char *dir, const char *ext, int inline_svg,
		   const struct report_chart_data *data,
		   const struct backtest_summary *s,
		   const struct thresholds *th, int timeout,
		   struct report_charts *c, struct diag *d)
{
	struct planned p[3 + 2 * REPORT_CHARTS_ATHLETES];
	size_t n = plan(data, s, p);
	struct strbuf path = STRBUF_INIT, caption = STRBUF_INIT;
	enum report_charts_result rc = REPORT_CHARTS_DONE;

	c->v = xcalloc(n, sizeof(*c->v));
	c->n = 0;
	/* Without gnuplot, --charts still writes every chart's .gp and .dat
	 * (the inlined charts stop: their files are temporary). */
	for (size_t k = 0; k < n && (rc == REPORT_CHARTS_DONE ||
				     (rc == REPORT_CHARTS_NO_GNUPLOT &&
				      !inline_svg)); k++) {
		struct chart_files files = { 0 };

		strbuf_reset(&path);
		strbuf_reset(&caption);
		describe(&p[k], data, dir, ext, &path, &caption);
		if (chart_files_init(&files, path.buf, d) < 0)
			rc = REPORT_CHARTS_FAILED;
		else
			rc = draw(&p[k], data, s, th, timeout,
				  rc != REPORT_CHARTS_NO_GNUPLOT, &files, d);
		if (inline_svg) {
			if (rc == REPORT_CHARTS_DONE)
				rc = keep_svg(&files, caption.buf, c, d);
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
	strbuf_release(&path);
	strbuf_release(&caption);
	return rc;
}

void report_charts_release(struct report_charts *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].caption);
		free(c->v[i].svg);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}
