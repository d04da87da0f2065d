/*
 * The weekly risk report: the squad at a glance, each athlete ranked by
 * risk with the reasons (values against thresholds) and the actions that
 * follow from them, and the model behind it; as text for a terminal,
 * markdown, one self-contained html file (charts inlined as SVG) or json.
 */
#ifndef CRAMPLOG_REPORT_H
#define CRAMPLOG_REPORT_H

#include "backtest.h"
#include "exposure.h"
#include "risk.h"
#include "strbuf.h"

enum report_format { REPORT_TEXT, REPORT_MARKDOWN, REPORT_HTML, REPORT_JSON };

/* A chart for the html report: its caption and its SVG document. */
struct report_chart {
	char *caption;
	char *svg;
};

struct report_input {
	const struct risk_report *risk;
	/* The athletes who trained in the period: the squad's, which
	 * risk->athletes may not all be (report --athlete keeps one). */
	size_t squad_athletes;
	const struct exposure_table *table;   /* the names */
	const struct thresholds *th;
	const char *week;           /* "2026-W44", or NULL for a span of dates */
	int color;                  /* text: ANSI colours for the levels */
	const struct report_chart *charts;    /* html only */
	size_t ncharts;
	const char *charts_note;    /* html: why there are no charts, or NULL */
	/* How good the risk has been in the backtest up to the period's
	 * end (core/backtest.h), or NULL. */
	const struct backtest_summary *backtest;
};

/* The reasons and the actions for one athlete, each a sentence. */
#define REPORT_MAX_ITEMS 16
struct report_items {
	struct strbuf text;         /* the sentences, each NUL-terminated */
	size_t off[REPORT_MAX_ITEMS];
	size_t n;
};

/* Fills reasons and actions (released by the caller with
 * report_items_release). */
void report_athlete_items(const struct report_input *in,
			  const struct risk_athlete *a,
			  struct report_items *reasons,
			  struct report_items *actions);
void report_items_release(struct report_items *items);
const char *report_item(const struct report_items *items, size_t i);

/* Appends the whole report to out. */
void report_write(struct strbuf *out, const struct report_input *in,
		  enum report_format format);

#endif
