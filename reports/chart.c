/*
 * The charts' scripts and data. Every piece of user text (athlete names,
 * cramp muscles, paths) enters a script through gp_add_string, and the
 * terminals are noenhanced, so that neither backquotes nor _ and ^ do
 * anything but print.
 */
#include "chart.h"
#include "calendar.h"
#include "config.h"
#include "gnuplot.h"
#include "outfile.h"
#include "risk.h"
#include "stats.h"
#include "strbuf.h"
#include "xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const factor_colours[FACTOR_COUNT] = {
	[FACTOR_DEHYDRATION] = "#1f77b4",       /* blue */
	[FACTOR_LOW_SODIUM] = "#ff7f0e",        /* orange */
	[FACTOR_LOW_POTASSIUM] = "#9467bd",     /* purple */
	[FACTOR_LOW_CARBOHYDRATE] = "#2ca02c",  /* green */
	[FACTOR_TIGHTNESS] = "#8c564b",         /* brown */
	[FACTOR_HIGH_LOAD] = "#525252",         /* dark grey */
};

const char *chart_factor_colour(enum factor f)
{
	return f < FACTOR_COUNT ? factor_colours[f] : "#000000";
}

/* The last part of a path. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int chart_files_init(struct chart_files *files, const char *out,
		     struct diag *d)
{
	const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
	struct strbuf sb = STRBUF_INIT;
	size_t base;

	memset(files, 0, sizeof(*files));
	if (!dot || (slash && dot < slash) || dot == out || dot[-1] == '/')
		return diag_error(d, "%s: the chart's name must end in .png, .svg "
				  "or .pdf", out);
	if (strcasecmp(dot, ".png") == 0)
		files->format = CHART_PNG;
	else if (strcasecmp(dot, ".svg") == 0)
		files->format = CHART_SVG;
	else if (strcasecmp(dot, ".pdf") == 0)
		files->format = CHART_PDF;
	else
		return diag_error(d, "%s: the chart's name must end in .png, .svg "
				  "or .pdf", out);
	base = (size_t)(dot - out);
	files->out = xstrdup(out);
	strbuf_add(&sb, out, base);
	strbuf_addstr(&sb, ".gp");
	files->gp = strbuf_detach(&sb);
	strbuf_add(&sb, out, base);
	strbuf_addstr(&sb, ".dat");
	files->dat = strbuf_detach(&sb);
	return 0;
}

void chart_files_release(struct chart_files *files)
{
	free(files->out);
	free(files->gp);
	free(files->dat);
	memset(files, 0, sizeof(*files));
}

/* A number for a data file: '?' (declared missing) when unknown. */
static void add_num(struct strbuf *sb, double x)
{
	if (isnan(x) || isinf(x))
		strbuf_addstr(sb, " ?");
	else
		strbuf_addf(sb, " %.6g", x);
}

/* The script's head: a comment saying what it is, the terminal, the
 * output and the data file. */
static void add_head(struct strbuf *gp, const struct chart_files *files,
		     const char *what, int width, int height)
{
	strbuf_addf(gp, "# cramplog: %s.\n# Edit and draw again with: "
		    "gnuplot ", what);
	/* The path in a comment: control characters would end it. */
	for (const char *s = files->gp; *s; s++)
		strbuf_addch(gp, (unsigned char)*s < 0x20 ? ' ' : *s);
	strbuf_addstr(gp, "\n");
	switch (files->format) {
	case CHART_PNG:
		strbuf_addf(gp, "set terminal pngcairo size %d,%d noenhanced "
			    "font 'Sans,10' background '#ffffff'\n", width,
			    height);
		break;
	case CHART_SVG:
		strbuf_addf(gp, "set terminal svg size %d,%d dynamic noenhanced "
			    "font 'Sans,10' background '#ffffff'\n", width,
			    height);
		break;
	case CHART_PDF:
		strbuf_addf(gp, "set terminal pdfcairo size %.2fin,%.2fin "
			    "noenhanced font 'Sans,8'\n", width / 100.0,
			    height / 100.0);
		break;
	}
	/* The chart and data beside the script, wherever it is run from
	 * (ARG0: the script as gnuplot was given it). */
	strbuf_addstr(gp, "here = ARG0\ni = strlen(here)\n"
		      "while (i > 0 && here[i:i] ne '/') { i = i - 1 }\n"
		      "if (i > 0) { cd here[1:i] }\n");
	/* cramplog gives gnuplot a new file to draw into (gnuplot.h). */
	strbuf_addstr(gp, "if (ARGC > 0) { set output ARG1 } "
		      "else { set output ");
	gp_add_string(gp, base_name(files->out));
	strbuf_addstr(gp, " }\ndata = ");
	gp_add_string(gp, base_name(files->dat));
	strbuf_addstr(gp, "\nset datafile missing '?'\n"
		      "set encoding utf8\n");
}

/* The script would draw into out: none of a chart's files is written
 * unless all can be. 0, or -1 with d filled. */
static int check_files(const struct chart_files *files, struct diag *d)
{
	return outfile_check(files->out, d) < 0 ||
	       outfile_check(files->gp, d) < 0 ||
	       outfile_check(files->dat, d) < 0 ? -1 : 0;
}

static int finish(const struct chart_files *files, struct strbuf *gp,
		  struct strbuf *dat, struct diag *d)
{
	int ret;

	if (check_files(files, d) < 0)
		ret = -1;
	else if (outfile_write(files->dat, dat->buf, dat->len, d) < 0 ||
		 outfile_write(files->gp, gp->buf, gp->len, d) < 0)
		ret = -1;
	else
		ret = 0;
	strbuf_release(gp);
	strbuf_release(dat);
	return ret;
}

/* The athlete's rows of t: sessions [*s0, *s1) and days [*d0, *d1). */
static void athlete_rows(const struct exposure_table *t, size_t athlete,
			 size_t *s0, size_t *s1, size_t *d0, size_t *d1)
{
	*s0 = *s1 = *d0 = *d1 = 0;
	for (size_t i = 0; i < t->count; i++)
		if (t->rows[i].athlete == athlete) {
			if (*s1 == 0)
				*s0 = i;
			*s1 = i + 1;
		}
	for (size_t i = 0; i < t->days_count; i++)
		if (t->days[i].athlete == athlete) {
			if (*d1 == 0)
				*d0 = i;
			*d1 = i + 1;
		}
}

/* Marks every cramp episode of sessions [s0, s1) as a vertical line across
 * the panel (wider for a severer one), and labels them when labels. */
static void add_cramp_marks(struct strbuf *gp, const struct exposure_table *t,
			    size_t s0, size_t s1, int labels)
{
	for (size_t i = s0; i < s1; i++) {
		const struct session_exposure *r = &t->rows[i];
		double sev = isnan(r->cramp_severity) ? 3 : r->cramp_severity;

		if (!r->cramp)
			continue;
		strbuf_addf(gp, "set arrow from '%s', graph 0 to '%s', graph 1 "
			    "nohead front lc rgb '%s' lw %.1f dt 2\n", r->date,
			    r->date, CHART_CRAMP_COLOUR, 1 + sev / 2.5);
		if (labels) {
			struct strbuf text = STRBUF_INIT;
			const char *side = model_side_name(r->cramp_side);

			strbuf_addstr(&text, r->cramp_muscle ? r->cramp_muscle :
				      "cramp");
			if (side)
				strbuf_addf(&text, " %s", side);
			if (!isnan(r->cramp_severity))
				strbuf_addf(&text, " %g/10", r->cramp_severity);
			strbuf_addstr(gp, "set label ");
			gp_add_string(gp, text.buf);
			strbuf_addf(gp, " at '%s', graph 1.02 left rotate by 30 "
				    "front tc rgb '%s' font ',8'\n", r->date,
				    CHART_CRAMP_COLOUR);
			strbuf_release(&text);
		}
	}
}

/* A horizontal threshold line in a factor's colour. */
static void add_threshold(struct strbuf *gp, double y, enum factor f,
			  const char *axis)
{
	strbuf_addf(gp, "set arrow from graph 0, %s %g to graph 1, %s %g "
		    "nohead back lc rgb '%s' dt 3 lw 1.5\n", axis, y, axis,
		    y, chart_factor_colour(f));
}

/* The time axis of the athlete's days, shared by every panel. */
static void add_time_axis(struct strbuf *gp, const struct exposure_table *t,
			  size_t d0, size_t d1)
{
	model_date from, to;

	/* A day more on each side: a single day is still a range. */
	calendar_format_date(t->days[d0].day - 1, from);
	calendar_format_date(t->days[d1 - 1].day + 1, to);
	strbuf_addf(gp, "set xdata time\nset timefmt '%%Y-%%m-%%d'\n"
		    "set xrange ['%s':'%s']\nset format x '%%d %%b'\n"
		    "set grid xtics ytics lc rgb '#e0e0e0'\n"
		    "set key outside right top Left reverse samplen 2\n"
		    "set lmargin 11\nset rmargin 26\n%s", from, to,
		    /* A short range: a tic a day, not every few hours. */
		    t->days[d1 - 1].day - t->days[d0].day < 14 ?
		    "set xtics 86400\n" : "");
}

/* Data blocks of a history or load chart: index 0 the days (date, fluid
 * L, sodium g, potassium g, carbohydrate g/kg, load, acute, chronic,
 * ACWR), index 1 the sessions (date, body-mass loss %, tightness). */
static void add_athlete_data(struct strbuf *dat, const struct exposure_table *t,
			     size_t s0, size_t s1, size_t d0, size_t d1)
{
	strbuf_addstr(dat, "# date fluid_l sodium_g potassium_g "
		      "carbs_g_per_kg load acute_load chronic_load acwr\n");
	for (size_t i = d0; i < d1; i++) {
		const struct day_exposure *x = &t->days[i];

		strbuf_addstr(dat, x->date);
		add_num(dat, x->fluid_ml / 1000);
		add_num(dat, x->sodium_mg / 1000);
		add_num(dat, x->potassium_mg / 1000);
		add_num(dat, x->carbs_g_per_kg);
		add_num(dat, x->load);
		add_num(dat, x->acute_load);
		add_num(dat, x->chronic_load);
		add_num(dat, x->acwr);
		strbuf_addch(dat, '\n');
	}
	strbuf_addstr(dat, "\n\n# date body_mass_loss_pct tightness\n");
	for (size_t i = s0; i < s1; i++) {
		const struct session_exposure *r = &t->rows[i];

		strbuf_addstr(dat, r->date);
		add_num(dat, r->body_mass_loss_pct);
		add_num(dat, r->tightness);
		strbuf_addch(dat, '\n');
	}
}

/* 1 when the double at offset of any of days [d0, d1) is known. */
static int days_have(const struct exposure_table *t, size_t d0, size_t d1,
		     size_t offset)
{
	for (size_t i = d0; i < d1; i++)
		if (!isnan(*(const double *)(const void *)
			   ((const char *)&t->days[i] + offset)))
			return 1;
	return 0;
}

static int sessions_have(const struct exposure_table *t, size_t s0, size_t s1,
			 size_t offset)
{
	for (size_t i = s0; i < s1; i++)
		if (!isnan(*(const double *)(const void *)
			   ((const char *)&t->rows[i] + offset)))
			return 1;
	return 0;
}

#define DAYS_HAVE(field) \
	days_have(c.t, c.d0, c.d1, offsetof(struct day_exposure, field))
#define SESSIONS_HAVE(field) \
	sessions_have(c.t, c.s0, c.s1, offsetof(struct session_exposure, field))

/* Adds one element to a plot command, when it has data (gnuplot stops at
 * a plot of nothing): "plot " before the first, ", " before the others. */
static void plot_add(struct strbuf *gp, int *n, int has, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void plot_add(struct strbuf *gp, int *n, int has, const char *fmt, ...)
{
	va_list ap;

	if (!has)
		return;
	strbuf_addstr(gp, (*n)++ ? ", " : "plot ");
	va_start(ap, fmt);
	strbuf_vaddf(gp, fmt, ap);
	va_end(ap);
}

/* Ends a plot command; a panel with nothing to show says so. */
static void plot_end(struct strbuf *gp, int n, const char *empty)
{
	if (n)
		strbuf_addch(gp, '\n');
	else
		strbuf_addf(gp, "set yrange [0:1]\nset label 99 '%s' at graph "
			    "0.5, graph 0.5 center tc rgb '#737373'\nplot NaN "
			    "notitle\nunset label 99\n", empty);
}

/* An athlete's chart being written: the athlete's rows of t (sessions
 * [s0, s1), days [d0, d1)), the script and the data. */
struct athlete_chart {
	const struct exposure_table *t;
	size_t s0, s1, d0, d1;
	struct strbuf gp, dat;
};

/* What tells the history chart from the load chart at their opening. */
struct athlete_layout {
	const char *what;       /* the title's start: "cramp history" */
	const char *about;      /* the script's head comment */
	int width, height;
	const char *multiplot;  /* its panels and margins */
};

static const struct athlete_layout history_layout = {
	"cramp history", "cramp history of one athlete", 1000, 1500,
	"layout 6,1 margins 0.1,0.76,0.05,0.93 spacing 0,0.012"
};
static const struct athlete_layout load_layout = {
	"training load", "training load and ACWR of one athlete", 1000, 700,
	"layout 2,1 margins 0.1,0.74,0.1,0.84 spacing 0,0.08"
};

/* Opens athlete's chart of layout l: the script's head, its title (what,
 * whose and the days), the time axis, "set multiplot" and the first
 * panel's cramp marks, labelled; the data of add_athlete_data. -1 after a
 * message when the athlete has no day in t. */
static int athlete_chart_open(struct athlete_chart *c,
			      const struct exposure_table *t, size_t athlete,
			      const struct chart_files *files,
			      const struct athlete_layout *l, struct diag *d)
{
	struct strbuf title = STRBUF_INIT;

	c->t = t;
	athlete_rows(t, athlete, &c->s0, &c->s1, &c->d0, &c->d1);
	if (c->d1 == c->d0)
		return diag_error(d, "%s: no days logged in the selection",
				  t->names[athlete]);
	strbuf_init(&c->gp);
	strbuf_init(&c->dat);
	strbuf_addf(&title, "%s of %s, %s to %s", l->what, t->names[athlete],
		    t->days[c->d0].date, t->days[c->d1 - 1].date);
	add_head(&c->gp, files, l->about, l->width, l->height);
	add_athlete_data(&c->dat, t, c->s0, c->s1, c->d0, c->d1);
	add_time_axis(&c->gp, t, c->d0, c->d1);
	strbuf_addf(&c->gp, "set multiplot %s title ", l->multiplot);
	/* Built from user text: only ever as a single-quoted string. */
	gp_add_string(&c->gp, title.buf);
	strbuf_addstr(&c->gp, " font ',13'\nset format x ''\n");
	add_cramp_marks(&c->gp, t, c->s0, c->s1, 1);
	strbuf_release(&title);
	return 0;
}

int chart_history(const struct exposure_table *t, size_t athlete,
		  const struct thresholds *th, const struct chart_files *files,
		  struct diag *d)
{
	struct athlete_chart c;
	struct strbuf *gp = &c.gp;
	int n;

	if (athlete_chart_open(&c, t, athlete, files, &history_layout, d) < 0)
		return -1;
	/* 1: fluid. */
	strbuf_addstr(gp, "set ylabel 'fluid (L/day)'\nset yrange [0:*]\n");
	n = 0;
	plot_add(gp, &n, DAYS_HAVE(fluid_ml), "data index 0 using 1:2 with "
		 "linespoints pt 7 ps 0.5 lc rgb '%s' title 'fluid, all sources', "
		 "NaN with lines lc rgb '%s' lw 2 dt 2 title 'cramp episode'",
		 chart_factor_colour(FACTOR_DEHYDRATION), CHART_CRAMP_COLOUR);
	plot_end(gp, n, "no fluid logged");
	strbuf_addstr(gp, "unset label\n");
	/* 2: sodium and potassium. */
	if (DAYS_HAVE(sodium_mg) || DAYS_HAVE(potassium_mg)) {
		add_threshold(gp, th->sodium_mg / 1000, FACTOR_LOW_SODIUM,
			      "first");
		add_threshold(gp, th->potassium_mg / 1000,
			      FACTOR_LOW_POTASSIUM, "first");
	}
	strbuf_addstr(gp, "set ylabel 'intake (g/day)'\nset yrange [0:*]\n");
	n = 0;
	plot_add(gp, &n, DAYS_HAVE(sodium_mg), "data index 0 using 1:3 with "
		 "linespoints pt 7 ps 0.5 lc rgb '%s' title 'sodium (< %g g: low)'",
		 chart_factor_colour(FACTOR_LOW_SODIUM), th->sodium_mg / 1000);
	plot_add(gp, &n, DAYS_HAVE(potassium_mg), "data index 0 using 1:4 "
		 "with linespoints pt 5 ps 0.5 lc rgb '%s' "
		 "title 'potassium (< %g g: low)'",
		 chart_factor_colour(FACTOR_LOW_POTASSIUM),
		 th->potassium_mg / 1000);
	plot_end(gp, n, "no sodium or potassium logged");
	strbuf_addstr(gp, "unset arrow\n");
	add_cramp_marks(gp, t, c.s0, c.s1, 0);
	/* 3: carbohydrate. */
	if (DAYS_HAVE(carbs_g_per_kg))
		add_threshold(gp, th->carbs_g_per_kg, FACTOR_LOW_CARBOHYDRATE,
			      "first");
	strbuf_addstr(gp, "set ylabel 'carbohydrate (g/kg/day)'\n"
		      "set yrange [0:*]\n");
	n = 0;
	plot_add(gp, &n, DAYS_HAVE(carbs_g_per_kg), "data index 0 using 1:5 "
		 "with linespoints pt 7 ps 0.5 lc rgb '%s' "
		 "title 'carbohydrate (< %g: low)'",
		 chart_factor_colour(FACTOR_LOW_CARBOHYDRATE),
		 th->carbs_g_per_kg);
	plot_end(gp, n, "no carbohydrate (or no body mass) logged");
	strbuf_addstr(gp, "unset arrow\n");
	add_cramp_marks(gp, t, c.s0, c.s1, 0);
	/* 4: body-mass loss. */
	if (SESSIONS_HAVE(body_mass_loss_pct))
		add_threshold(gp, th->body_mass_loss_pct, FACTOR_DEHYDRATION,
			      "first");
	strbuf_addstr(gp, "set ylabel 'body-mass loss (%)'\nset yrange [*:*]\n");
	n = 0;
	plot_add(gp, &n, SESSIONS_HAVE(body_mass_loss_pct), "data index 1 "
		 "using 1:2 with points pt 7 ps 0.7 lc rgb '%s' "
		 "title 'loss > %g%%: dehydrated'",
		 chart_factor_colour(FACTOR_DEHYDRATION),
		 th->body_mass_loss_pct);
	plot_end(gp, n, "no pre- and post-session body mass logged");
	strbuf_addstr(gp, "unset arrow\n");
	add_cramp_marks(gp, t, c.s0, c.s1, 0);
	/* 5: tightness. */
	add_threshold(gp, th->tightness, FACTOR_TIGHTNESS, "first");
	strbuf_addstr(gp, "set ylabel 'tightness (0-10)'\nset yrange [0:10]\n");
	n = 0;
	plot_add(gp, &n, SESSIONS_HAVE(tightness), "data index 1 using 1:3 "
		 "with points pt 7 ps 0.7 lc rgb '%s' title '>= %g: tight'",
		 chart_factor_colour(FACTOR_TIGHTNESS), th->tightness);
	plot_end(gp, n, "no tightness logged");
	strbuf_addstr(gp, "unset arrow\n");
	add_cramp_marks(gp, t, c.s0, c.s1, 0);
	/* 6: load and ACWR, with the dates. */
	add_threshold(gp, th->acwr, FACTOR_HIGH_LOAD, "second");
	strbuf_addstr(gp, "set ylabel 'load (RPE x min)'\nset yrange [0:*]\n"
		      "set y2label 'ACWR'\nset y2range [0:1.6<*]\nset y2tics\n"
		      "set format x '%d %b'\nset xtics rotate by 30 right\n");
	n = 0;
	plot_add(gp, &n, DAYS_HAVE(load), "data index 0 using 1:6 with "
		 "impulses lw 3 lc rgb '#bdbdbd' title 'daily load'");
	plot_add(gp, &n, DAYS_HAVE(acwr), "data index 0 using 1:9 axes x1y2 "
		 "with lines lw 2 lc rgb '%s' title 'ACWR (>= %g: high)'",
		 chart_factor_colour(FACTOR_HIGH_LOAD), th->acwr);
	plot_end(gp, n, "no session with RPE and minutes");
	strbuf_addstr(gp, "unset multiplot\n");
	return finish(files, gp, &c.dat, d);
}

int chart_load(const struct exposure_table *t, size_t athlete,
	       const struct thresholds *th, const struct chart_files *files,
	       struct diag *d)
{
	struct athlete_chart c;
	struct strbuf *gp = &c.gp;
	int n;

	if (athlete_chart_open(&c, t, athlete, files, &load_layout, d) < 0)
		return -1;
	strbuf_addstr(gp, "set ylabel 'load (RPE x min)'\nset yrange [0:*]\n");
	n = 0;
	plot_add(gp, &n, DAYS_HAVE(load), "data index 0 using 1:6 with "
		 "impulses lw 3 lc rgb '#bdbdbd' title 'daily load'");
	plot_add(gp, &n, DAYS_HAVE(acute_load), "data index 0 using 1:7 with "
		 "lines lw 2 lc rgb '#08519c' title 'acute (7-day mean)', "
		 "data index 0 using 1:8 with lines lw 2 lc rgb '#6baed6' "
		 "title 'chronic (28-day mean)'");
	plot_end(gp, n, "no session with RPE and minutes");
	strbuf_addstr(gp, "unset label\nunset arrow\n");
	add_cramp_marks(gp, t, c.s0, c.s1, 0);
	add_threshold(gp, th->acwr, FACTOR_HIGH_LOAD, "first");
	strbuf_addstr(gp, "set object 1 rect from graph 0, first 0.8 to "
		      "graph 1, first 1.3 behind fc rgb '#e5f5e0' fs solid 1 "
		      "noborder\n"
		      "set ylabel 'ACWR'\nset yrange [0:1.6<*]\n"
		      "set format x '%d %b'\nset xtics rotate by 30 right\n"
		      "set title 'ACWR is a disputed heuristic (Impellizzeri et al. "
		      "2021): context, not a verdict' font ',9'\n");
	n = 0;
	plot_add(gp, &n, DAYS_HAVE(acwr), "data index 0 using 1:9 with lines "
		 "lw 2 lc rgb '%s' title 'ACWR (acute:chronic)', NaN with boxes "
		 "fs solid 1 lc rgb '#e5f5e0' title '0.8-1.3 (\"sweet spot\")', "
		 "NaN with lines dt 3 lw 1.5 lc rgb '%s' title '%g: high load'",
		 chart_factor_colour(FACTOR_HIGH_LOAD),
		 chart_factor_colour(FACTOR_HIGH_LOAD), th->acwr);
	plot_end(gp, n, "ACWR needs 28 days of load history");
	strbuf_addstr(gp, "unset multiplot\n");
	return finish(files, gp, &c.dat, d);
}

int chart_factors(const struct analysis_result *r,
		  const struct chart_files *files, struct diag *d)
{
	struct strbuf gp = STRBUF_INIT, dat = STRBUF_INIT;
	const struct model_result *m = &r->model;
	double lo = 1, hi = 1;
	size_t n = r->nfactors;

	if (n == 0)
		return diag_error(d, "no sessions in the selection: nothing to plot");
	add_head(&gp, files, "odds ratios of the factors, alone and adjusted",
		 900, 160 + 70 * (int)n);
	strbuf_addstr(&dat, "# y odds_ratio ci_low ci_high colour (alone: "
		      "2x2 tables)\n");
	for (size_t i = 0; i < n; i++) {
		const struct factor_result *f = &r->factors[i];

		strbuf_addf(&dat, "%zu", n - i);
		add_num(&dat, f->stats.odds_ratio);
		add_num(&dat, f->stats.ci_low);
		add_num(&dat, f->stats.ci_high);
		strbuf_addf(&dat, " 0x%s\n", chart_factor_colour(f->factor) + 1);
		if (isfinite(f->stats.ci_low) && f->stats.ci_low > 0)
			lo = fmin(lo, f->stats.ci_low);
		if (isfinite(f->stats.ci_high))
			hi = fmax(hi, f->stats.ci_high);
	}
	strbuf_addstr(&dat, "\n\n# y odds_ratio ci_low ci_high colour "
		      "(adjusted: the model)\n");
	for (size_t k = 0; k < m->nterms; k++) {
		const struct term_result *term = &m->terms[k];

		for (size_t i = 0; i < n; i++) {
			if (r->factors[i].factor != term->factor)
				continue;
			strbuf_addf(&dat, "%zu", n - i);
			add_num(&dat, term->odds_ratio);
			add_num(&dat, term->ci_low);
			add_num(&dat, term->ci_high);
			strbuf_addf(&dat, " 0x%s\n",
				    chart_factor_colour(term->factor) + 1);
			if (isfinite(term->ci_low) && term->ci_low > 0)
				lo = fmin(lo, term->ci_low);
			if (isfinite(term->ci_high))
				hi = fmax(hi, term->ci_high);
		}
	}
	/* gnuplot refuses an empty block: a point outside the plot. */
	if (m->nterms == 0)
		strbuf_addstr(&dat, "-1 1 1 1 0x000000\n");
	strbuf_addf(&gp, "set title 'Odds ratio of a cramp with each factor "
		    "(95%% CI; %llu sessions, %llu cramps)' font ',12'\n"
		    "set logscale x\nset xrange [%g:%g]\nset yrange [0.4:%zu.6]\n"
		    "set xlabel 'odds ratio (log scale): left of 1, fewer "
		    "cramps; right of 1, more'\nset grid xtics mxtics lc rgb '#e0e0e0'\n"
		    "set arrow from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#000000'\n"
		    "set key below\nset ytics (",
		    (unsigned long long)r->sessions, (unsigned long long)r->cramps,
		    lo / 1.5, hi * 1.5, n);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&gp, "%s'%s' %zu", i ? ", " : "",
			    exposure_factor_name(r->factors[i].factor), n - i);
	strbuf_addf(&gp, ")\nplot data index 0 using 2:($1+0.15):3:4:5 with "
		    "xerrorbars pt 7 ps 1.2 lw 2 lc rgb variable title "
		    "'alone (2x2 table)', '' index 1 using 2:($1-0.15):3:4:5 with "
		    "xerrorbars pt 5 ps 1.2 lw 2 lc rgb variable title "
		    "'adjusted (%s %s model)'\n",
		    m->design == DESIGN_WITHIN ? "within-athlete" : "pooled",
		    m->method == STATS_FIRTH ? "Firth" : "ML");
	return finish(files, &gp, &dat, d);
}

/* The report's risk of each athlete in each of c's weeks (risk.h's
 * risk_weeks: what a risk walk of each week alone gives). */
struct chart_risk_walk {
	struct risk_weeks *weeks;
};

struct chart_risk_walk *chart_risk_walk_new(const struct chart_team_data *c)
{
	struct chart_risk_walk *w = xcalloc(1, sizeof(*w));
	struct risk_options opt;

	risk_options_init(&opt);
	w->weeks = risk_weeks_new(&opt, c->first_monday, c->weeks);
	return w;
}

void chart_risk_walk_add(struct chart_risk_walk *w,
			 const struct session_flags *e)
{
	risk_weeks_add(w->weeks, e);
}

void chart_risk_walk_finish(struct chart_risk_walk *w,
			    struct chart_team_data *c, char *const *names)
{
	size_t nw = c->weeks, cells = c->athletes * c->weeks;

	(void)names;
	if (!nw) {
		/* No week charted: the episodes' chart, empty. */
		chart_risk_walk_free(w);
		return;
	}
	c->risk = xreallocarray(NULL, cells ? cells : 1, sizeof(*c->risk));
	risk_weeks_finish(w->weeks, c->athletes, c->first_monday, nw, c->risk);
	free(w);
	c->most_risk = 0;
	for (size_t i = 0; i < cells; i++) {
		c->risk[i] *= 100;
		if (!isnan(c->risk[i]) && c->risk[i] > c->most_risk)
			c->most_risk = c->risk[i];
	}
}

void chart_risk_walk_free(struct chart_risk_walk *w)
{
	if (!w)
		return;
	risk_weeks_free(w->weeks);
	free(w);
}

/* The heat map's cells: a box each, coloured by the value, none where it
 * is missing ('with image' draws nothing when the grid has a hole, or one
 * row or column). */
#define TEAM_CELLS "with boxxyerror fillstyle solid 1.0 noborder fillcolor palette"

/* The heat map's rows into row (na of room): every athlete up to
 * CHART_TEAM_ROWS; past that the CHART_TEAM_ROWS with the most episodes
 * in the weeks shown (with risk: the highest risk), in the table's order.
 * Returns how many. */
static size_t team_rows(const unsigned *count, const double *risk, size_t na,
			size_t nw, size_t *row)
{
	struct stats_ranked *s;
	char *shown;
	size_t n = 0;

	if (na <= CHART_TEAM_ROWS) {
		for (size_t a = 0; a < na; a++)
			row[a] = a;
		return na;
	}
	s = xreallocarray(NULL, na, sizeof(*s));
	for (size_t a = 0; a < na; a++) {
		s[a] = (struct stats_ranked){ 0, a };
		for (size_t k = 0; k < nw; k++)
			s[a].v = risk ? fmax(s[a].v, isnan(risk[a * nw + k]) ?
					     0 : risk[a * nw + k]) :
				 s[a].v + count[a * nw + k];
	}
	/* The first CHART_TEAM_ROWS by score (ties in the table's order),
	 * then taken in the table's order. */
	qsort(s, na, sizeof(*s), stats_by_value_desc);
	shown = xcalloc(na, 1);
	for (size_t i = 0; i < CHART_TEAM_ROWS; i++)
		shown[s[i].i] = 1;
	for (size_t a = 0; a < na; a++)
		if (shown[a])
			row[n++] = a;
	free(shown);
	free(s);
	return n;
}

/* The team chart's data: a block each athlete shown, a line each week. */
static void team_data(struct strbuf *dat, const unsigned *count,
		      const double *risk, const size_t *row, size_t shown,
		      size_t nw)
{
	strbuf_addstr(dat, risk ?
		      "# week athlete risk_percent cramps (columns: weeks "
		      "from the first; rows: athletes as in the script's "
		      "ytics; ?: no session that week, or no model)\n" :
		      "# week athlete cramps (columns: weeks from the "
		      "first; rows: athletes as in the script's ytics)\n");
	for (size_t i = 0; i < shown; i++) {
		size_t a = row[i];

		for (size_t k = 0; k < nw; k++) {
			if (risk && isnan(risk[a * nw + k]))
				strbuf_addf(dat, "%zu %zu ? %u\n", k, i,
					    count[a * nw + k]);
			else if (risk)
				strbuf_addf(dat, "%zu %zu %.2f %u\n", k, i,
					    risk[a * nw + k], count[a * nw + k]);
			else
				strbuf_addf(dat, "%zu %zu %u\n", k, i,
					    count[a * nw + k]);
		}
		strbuf_addch(dat, '\n');
	}
}

void chart_team_begin(struct chart_team_data *out, int weeks, int32_t last)
{
	memset(out, 0, sizeof(*out));
	out->first_day = INT32_MAX;
	if (weeks < 1)
		return;
	/* The Monday of the last week, then back weeks - 1 weeks. */
	out->weeks = (size_t)weeks;
	out->first_monday = last - (calendar_weekday(last) + 6) % 7 -
			    7 * (int32_t)(out->weeks - 1);
}

/* Room for the rows of the first `athletes` (c->weeks counts each). */
static void team_room(struct chart_team_data *c, size_t athletes)
{
	if (athletes <= c->athletes)
		return;
	c->count = xreallocarray(c->count, athletes * c->weeks,
				 sizeof(*c->count));
	memset(c->count + c->athletes * c->weeks, 0,
	       (athletes - c->athletes) * c->weeks * sizeof(*c->count));
	c->athletes = athletes;
}

void chart_team_add(struct chart_team_data *out, const struct session_flags *e)
{
	int32_t k = (e->day - out->first_monday) / 7;
	unsigned *c;

	if (e->day < out->first_day)
		out->first_day = e->day;
	if (!out->weeks || !e->cramp || e->day < out->first_monday ||
	    (size_t)k >= out->weeks)
		return;
	team_room(out, (size_t)e->athlete + 1);
	c = &out->count[e->athlete * out->weeks + (size_t)k];
	if (++*c > out->most)
		out->most = *c;
}

void chart_team_end(struct chart_team_data *out, size_t athletes)
{
	int32_t first = out->first_day;
	size_t drop;

	if (!out->weeks || first == INT32_MAX) {
		/* No week to chart, or no session. */
		free(out->count);
		out->count = NULL;
		out->weeks = 0;
		out->first_monday = 0;
		out->athletes = athletes;
		return;
	}
	team_room(out, athletes ? athletes : 1);
	/* No empty weeks before the first session (they count nothing). */
	first -= (calendar_weekday(first) + 6) % 7;
	if (first > out->first_monday) {
		drop = (size_t)((first - out->first_monday) / 7);
		for (size_t a = 0; a < out->athletes; a++)
			memmove(out->count + a * (out->weeks - drop),
				out->count + a * out->weeks + drop,
				(out->weeks - drop) * sizeof(*out->count));
		out->weeks -= drop;
		out->first_monday = first;
	}
	out->athletes = athletes;
}

void chart_team_data_release(struct chart_team_data *c)
{
	free(c->count);
	free(c->risk);
	memset(c, 0, sizeof(*c));
}

int chart_team_draw(const struct chart_team_data *c, char *const *names,
		    const struct chart_files *files, struct diag *d)
{
	struct strbuf gp = STRBUF_INIT, dat = STRBUF_INIT;
	size_t na = c->athletes, nw = c->weeks, *row, shown;
	unsigned most = c->most;
	int y, w;

	if (nw == 0 || na == 0)
		return diag_error(d, "no sessions in the selection: nothing to plot");
	row = xreallocarray(NULL, na, sizeof(*row));
	shown = team_rows(c->count, c->risk, na, nw, row);
	add_head(&gp, files, c->risk ? "risk by athlete and ISO week" :
		 "cramp episodes by athlete and ISO week",
		 nw < 8 ? 640 : 260 + 48 * (int)nw,
		 shown < 6 ? 320 : 170 + 26 * (int)shown);
	team_data(&dat, c->count, c->risk, row, shown, nw);
	/* Our own words only, in double quotes: \n breaks the line. */
	if (c->risk)
		strbuf_addstr(&gp, "set title \"Risk of a cramp in a coming session "
			      "(pooled Firth model)");
	else
		strbuf_addstr(&gp, "set title \"Cramp episodes by athlete and ISO "
			      "week");
	if (shown < na)
		strbuf_addf(&gp, "\\nthe %zu of %zu athletes with the %s", shown,
			    na, c->risk ? "highest risk" : "most episodes");
	if (c->risk)
		strbuf_addf(&gp, "\" font ',12'\n"
			    "set xrange [-0.5:%zu.5]\nset yrange [%zu.5:-0.5]\n"
			    "set cbrange [0:%g]\nset cblabel 'risk per session (%%); "
			    "blank: no session, or no model'\n"
			    "set palette defined (0 '#ffffff', 1 '#fee5d9', 2 '#a50f15')\n"
			    "set xlabel 'ISO week (Monday to Sunday)'\nunset key\n"
			    "set tics nomirror out\nset xtics rotate by 45 right (",
			    nw - 1, shown - 1,
			    c->most_risk > 0 ? ceil(c->most_risk) : 1);
	else
		strbuf_addf(&gp, "\" font ',12'\nset xrange [-0.5:%zu.5]\n"
			    "set yrange [%zu.5:-0.5]\n"
			    "set cbrange [0:%u]\nset cbtics 1\nset cblabel 'cramp episodes'\n"
			    "set palette defined (0 '#ffffff', 1 '#fcbba1', %u '#a50f15')\n"
			    "set xlabel 'ISO week (Monday to Sunday)'\nunset key\n"
			    "set tics nomirror out\nset xtics rotate by 45 right (",
			    nw - 1, shown - 1, most ? most : 1, most > 1 ? most : 2);
	for (size_t k = 0; k < nw; k++) {
		calendar_iso_week(c->first_monday + 7 * (int32_t)k, &y, &w);
		strbuf_addf(&gp, "%s'%d-W%02d' %zu", k ? ", " : "", y, w, k);
	}
	strbuf_addstr(&gp, ")\nset ytics (");
	for (size_t i = 0; i < shown; i++) {
		strbuf_addstr(&gp, i ? ", " : "");
		gp_add_tic_label(&gp, names[row[i]]);
		strbuf_addf(&gp, " %zu", i);
	}
	free(row);
	if (c->risk)
		strbuf_addstr(&gp, ")\nplot data using 1:2:(0.5):(0.5):3 "
			      TEAM_CELLS ", '' using 1:2:(sprintf('%.0f', $3)) "
			      "with labels font ',9'\n");
	else
		strbuf_addstr(&gp, ")\nplot data using 1:2:(0.5):(0.5):3 "
			      TEAM_CELLS ", '' using 1:2:($3 > 0 ? "
			      "sprintf('%d', $3) : '') with labels font ',9'\n");
	return finish(files, &gp, &dat, d);
}

/* A data block of a ROC curve; gnuplot refuses an empty block, so a
 * curve of no points is one outside the plot. */
static void add_roc(struct strbuf *dat, const char *what, const double *fpr,
		    const double *tpr, size_t n)
{
	strbuf_addf(dat, "\n\n# false_positive_rate true_positive_rate "
		    "(%s)\n", what);
	if (n == 0)
		strbuf_addstr(dat, "-1 -1\n");
	for (size_t k = 0; k < n; k++) {
		add_num(dat, fpr[k]);
		add_num(dat, tpr[k]);
		strbuf_addch(dat, '\n');
	}
}

/* The rug's bytes of rows held in memory before the others go to a
 * temporary file: as a model's (analysis.c). */
#define RUG_MEMORY (4u << 20)

void chart_rug_init(struct chart_rug *rug, enum exposure_value value)
{
	rug->value = value;
	row_spill_init(&rug->rows, 2, config_rows_memory(RUG_MEMORY));
	rug->rows.what = "the dose chart's rug";
}

void chart_rug_add(struct chart_rug *rug, const struct session_exposure *e)
{
	double row[2] = { exposure_value_of(e, rug->value), e->cramp != 0 };

	if (!isnan(row[0]))
		row_spill_add(&rug->rows, row);
}

void chart_rug_release(struct chart_rug *rug)
{
	row_spill_release(&rug->rows);
}

/* The dose chart's data, written whole or not at all to path: dat (the
 * curve), then the rug, each known value of the exposure with 1 for a
 * cramp, else 0, read back from rug and written 64 KiB at a time; the
 * rug's smallest and largest values in *min and *max. 0, or -1 with d
 * filled. */
static int write_dose_data(const char *path, struct strbuf *dat,
			   struct chart_rug *rug, double *min, double *max,
			   struct diag *d)
{
	struct outfile f;
	const double *rows;
	size_t count;
	int more = -1;

	*min = INFINITY;
	*max = -INFINITY;
	if (outfile_open(&f, path, d) < 0)
		return -1;
	strbuf_addstr(dat, "\n\n# value cramp (the rug)\n");
	if (row_spill_rewind(&rug->rows) == 0)
		while (!f.err &&
		       (more = row_spill_next(&rug->rows, &rows, &count)) > 0) {
		for (size_t i = 0; i < count && !f.err; i++) {
			*min = fmin(*min, rows[2 * i]);
			*max = fmax(*max, rows[2 * i]);
			add_num(dat, rows[2 * i]);
			strbuf_addf(dat, " %d\n", (int)rows[2 * i + 1]);
			if (dat->len >= 65536) {
				outfile_append(&f, dat->buf, dat->len);
				strbuf_reset(dat);
			}
		}
	}
	if (more < 0) {
		diag_error(d, "%s: the rug's values: %s", path,
			   row_spill_why(&rug->rows));
		outfile_discard(&f);
		return -1;
	}
	outfile_append(&f, dat->buf, dat->len);
	return outfile_finish(&f, path, d);
}

/* " (AUC 0.xxx)" in a curve's title, nothing when there is none. */
static void add_auc_title(struct strbuf *gp, double auc)
{
	if (!isnan(auc))
		strbuf_addf(gp, " (AUC %.3f)", auc);
}

int chart_calibration(const struct backtest_curves *c,
		      const struct backtest_summary *s,
		      const struct chart_files *files, struct diag *d)
{
	struct strbuf gp = STRBUF_INIT, dat = STRBUF_INIT;
	const struct backtest_group *g = c->group;
	size_t ng = c->groups;
	double top = 0;

	if (s->sessions == 0)
		return diag_error(d, "no week of the backtest can be scored: "
				  "nothing to plot");
	add_head(&gp, files, "calibration and ROC curves of the weekly "
		 "risk's backtest", 1200, 560);
	strbuf_addstr(&dat, "# predicted_pct observed_pct low_pct high_pct "
		      "sessions cramps (groups by the model's risk; 95% "
		      "Wilson intervals)\n");
	for (size_t k = 0; k < ng; k++) {
		add_num(&dat, 100 * g[k].predicted);
		add_num(&dat, 100 * g[k].observed);
		add_num(&dat, 100 * g[k].low);
		add_num(&dat, 100 * g[k].high);
		strbuf_addf(&dat, " %zu %llu\n", g[k].sessions,
			    (unsigned long long)g[k].cramps);
		top = fmax(top, fmax(g[k].high, g[k].predicted));
	}
	add_roc(&dat, "model", c->fpr[0], c->tpr[0], c->points[0]);
	add_roc(&dat, "history alone", c->fpr[1], c->tpr[1], c->points[1]);
	top = top > 0 ? ceil(top * 105) : 1;
	strbuf_addf(&gp, "set multiplot layout 1,2 title 'Backtest of the "
		    "weekly risk: %zu weeks, %zu sessions, %llu cramps' "
		    "font ',12'\nset grid lc rgb '#e0e0e0'\nset key top left "
		    "Left reverse samplen 2\nset size ratio -1\n"
		    "set title 'Calibration: %zu groups of equal size'\n"
		    "set xlabel 'predicted risk (%%)'\nset ylabel 'observed "
		    "cramps (%%, 95%% CI)'\nset xrange [0:%g]\nset yrange "
		    "[0:%g]\nplot x with lines dt 2 lc rgb '#737373' title "
		    "'right size', data index 0 using 1:2:3:4 with yerrorbars "
		    "pt 7 lw 1.5 lc rgb '#1f77b4' title 'model'\n",
		    s->weeks, s->sessions, (unsigned long long)s->cramps, ng,
		    top, top);
	strbuf_addf(&gp, "set title 'ROC curves%s'\nset xlabel 'sessions "
		    "without a cramp flagged (false positive rate)'\n"
		    "set ylabel 'sessions with a cramp flagged (true positive "
		    "rate)'\nset xrange [0:1]\nset yrange [0:1]\nset key "
		    "bottom right\nplot x with lines dt 2 lc rgb '#737373' "
		    "title 'a coin toss', data index 1 using 1:2 with lines lw "
		    "2 lc rgb '#1f77b4' title 'model",
		    !s->enough ? " (too few cramps for an AUC)" :
		    backtest_one_outcome(s) ? " (no AUC: every scored session "
					      "cramped)" : "");
	add_auc_title(&gp, s->auc[BACKTEST_MODEL].auc);
	strbuf_addf(&gp, "', data index 2 using 1:2 with lines lw 2 lc rgb "
		    "'%s' title 'history alone", CHART_CRAMP_COLOUR);
	add_auc_title(&gp, s->auc[BACKTEST_HISTORY].auc);
	strbuf_addstr(&gp, "'\nunset multiplot\n");
	return finish(files, &gp, &dat, d);
}

int chart_dose(const struct analysis_result *r, struct chart_rug *rug,
	       double threshold, const struct chart_files *files,
	       struct diag *d)
{
	struct strbuf gp = STRBUF_INIT, dat = STRBUF_INIT;
	const struct spline_result *s = &r->spline;
	const char *name = exposure_value_name(s->value);
	double lo = 1, hi = 1, x0, x1, min, max;
	int ret;

	if (!s->fitted)
		return diag_error(d, "no dose-response curve to plot: %s",
				  r->model.reason ? r->model.reason :
				  "the spline could not be fitted");
	if (check_files(files, d) < 0)
		return -1;
	x0 = s->grid[0].value;
	x1 = s->grid[SPLINE_GRID - 1].value;
	add_head(&gp, files, "dose-response curve", 900, 560);
	strbuf_addstr(&dat, "# value odds_ratio ci_low ci_high (against "
		      "the median)\n");
	for (int g = 0; g < SPLINE_GRID; g++) {
		const struct spline_point *pt = &s->grid[g];

		add_num(&dat, pt->value);
		add_num(&dat, pt->odds_ratio);
		add_num(&dat, pt->ci_low);
		add_num(&dat, pt->ci_high);
		strbuf_addch(&dat, '\n');
		if (isfinite(pt->ci_low) && pt->ci_low > 0)
			lo = fmin(lo, pt->ci_low);
		if (isfinite(pt->ci_high))
			hi = fmax(hi, pt->ci_high);
	}
	ret = write_dose_data(files->dat, &dat, rug, &min, &max, d);
	strbuf_release(&dat);
	if (ret < 0) {
		strbuf_release(&gp);
		return -1;
	}
	/* The curve spans the 1st to 99th percentiles; the threshold is shown
	 * wherever values were seen. */
	if (isfinite(threshold) && threshold >= min && threshold <= max) {
		x0 = fmin(x0, threshold);
		x1 = fmax(x1, threshold);
	} else {
		threshold = NAN;
	}
	/* Room below the band for the rug: a tenth of the log range. */
	lo /= 1.3;
	hi *= 1.1;
	strbuf_addf(&gp, "lo = %g\nhi = %g\nrug = exp(log(lo) + (log(hi) - "
		    "log(lo)) / 14)\n", lo, hi);
	strbuf_addf(&gp, "set title '%s: odds ratio of a cramp against the "
		    "median (%g), with its 95%% band' font ',12'\n", name,
		    s->median);
	strbuf_addf(&gp, "set xlabel '%s (restricted cubic spline, %d knots; "
		    "non-linearity p = %.3g)'\n", name, s->nknots,
		    s->nonlinearity_p);
	strbuf_addf(&gp, "set logscale y\nset yrange [lo:hi]\n"
		    "set xrange [%g:%g]\n"
		    "set ylabel 'odds ratio (log scale)'\n"
		    "set grid lc rgb '#e0e0e0'\nset key top left\n"
		    "set arrow from graph 0, first 1 to graph 1, first 1 nohead "
		    "dt 2 lc rgb '#000000'\n", x0, x1);
	strbuf_addf(&gp, "set arrow from %g, graph 0 to %g, graph 1 nohead "
		    "dt 3 lc rgb '#808080'\n", s->median, s->median);
	if (isfinite(threshold))
		strbuf_addf(&gp, "set arrow from %g, graph 0 to %g, graph 1 "
			    "nohead dt 2 lw 2 lc rgb '%s'\nset label "
			    "'default threshold %g' at %g, graph 0.95 left "
			    "offset 0.5,0 tc rgb '%s'\n", threshold, threshold,
			    CHART_CRAMP_COLOUR, threshold, threshold,
			    CHART_CRAMP_COLOUR);
	strbuf_addf(&gp, "plot data index 0 using 1:3:4 with filledcurves "
		    "fc rgb '#9ecae1' fs transparent solid 0.5 noborder title "
		    "'95%% band', '' index 0 using 1:2 with lines lw 2 lc rgb "
		    "'#08519c' title 'odds ratio', '' index 1 using ($2 > 0.5 ? NaN : "
		    "$1):(lo):(0):(rug - lo) with vectors nohead lc rgb "
		    "'#969696' title 'sessions', '' index 1 using ($2 > 0.5 ? $1 : "
		    "NaN):(rug):(0):(rug - lo) with vectors nohead lc rgb '%s' "
		    "title 'sessions with a cramp'\n", CHART_CRAMP_COLOUR);
	ret = outfile_write(files->gp, gp.buf, gp.len, d);
	strbuf_release(&gp);
	return ret;
}

enum chart_kind chart_kind_from_name(const char *name)
{
	static const char *const names[CHART_KIND_COUNT] = {
		[CHART_HISTORY] = "history", [CHART_FACTORS] = "factors",
		[CHART_TEAM] = "team", [CHART_LOAD] = "load",
		[CHART_CALIBRATION] = "calibration", [CHART_DOSE] = "dose",
	};
	int k = 0;

	while (k < CHART_KIND_COUNT && strcmp(names[k], name) != 0)
		k++;
	return (enum chart_kind)k;
}
