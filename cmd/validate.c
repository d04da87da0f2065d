/*
 * cramplog validate: the backtest of the weekly risk (core/backtest.c):
 * how well the risk the report gave each week ranked and sized what
 * happened the week after, against history alone and the base rate; as a
 * table and sentences, JSON, or one CSV row per scored session.
 */
#include "backtest.h"
#include "calendar.h"
#include "cmd.h"
#include "csv_writer.h"
#include "gnuplot.h"
#include "json.h"
#include "outfile.h"
#include "strbuf.h"
#include "xalloc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV };

/* The scored sessions: their flags (ft, with names) and start times (by
 * ft's row), and the backtest by athlete's week, b, on them. */
struct scored {
	const struct flags_table *ft;
	model_time *start;
	const struct backtest *b;
};

/* The scored sessions as CSV into fp, one row each (an athlete's week's
 * sessions share its prediction); 0, or -1 with errno. */
static int write_csv(FILE *fp, const struct scored *sc)
{
	int e = fputs("athlete,date,start_time,week,risk,risk_history,"
		      "risk_base,level,cramp\n", fp) < 0;

	for (size_t i = 0; i < sc->b->count && !e; i++) {
		const struct backtest_prediction *p = &sc->b->v[i];
		char week[CALENDAR_WEEK_NAME_SIZE];

		calendar_format_iso_week(p->monday, week);
		for (size_t r = p->row; r < p->row + p->sessions && !e; r++) {
			const struct session_flags *x = &sc->ft->rows[r];
			model_date date;

			calendar_format_date(x->day, date);
			e |= csv_writer_text(fp, sc->ft->names[x->athlete], ',');
			e |= csv_writer_text(fp, date, ',');
			e |= csv_writer_text(fp, sc->start[r], ',');
			e |= csv_writer_text(fp, week, ',');
			/* Every digit, so that the figures can be
			 * recomputed. */
			e |= fprintf(fp, "%.17g,%.17g,%.17g,", p->risk,
				     p->risk_history, p->risk_base) < 0;
			e |= csv_writer_text(fp, risk_level_name(p->level), ',');
			e |= fprintf(fp, "%u\n", x->cramp) < 0;
		}
	}
	return e ? -1 : 0;
}

/* --predictions FILE: written whole as a new private file (mode 0600)
 * renamed into place, as every file cramplog writes. */
static int write_predictions(const char *path, const struct scored *sc)
{
	struct diag d = DIAG_INIT;
	struct outfile f;
	FILE *fp;
	int err = 0, code = EXIT_OK;

	if (outfile_open(&f, path, &d) < 0) {
		cmd_print_diag(&d);
		diag_release(&d);
		return EXIT_CANTCREAT;
	}
	if (!(fp = fdopen(f.fd, "w"))) {
		err = errno;
	} else {
		f.fd = -1;       /* fp owns it now */
		if (write_csv(fp, sc) < 0)
			err = errno;
		if (fclose(fp) != 0 && !err)
			err = errno;
	}
	if (err) {
		outfile_discard(&f);
		cmd_printf(stderr, "cramplog validate: %s: %s\n", path,
			   strerror(err ? err : EIO));
		return EXIT_IOERR;
	}
	if (outfile_commit(&f, &d) < 0) {
		cmd_print_diag(&d);
		code = EXIT_CANTCREAT;
	}
	diag_release(&d);
	return code;
}

/* Why the figures are missing, for the text and the JSON. */
static const char *too_little(const struct backtest_summary *s)
{
	if (s->weeks == 0)
		return "no week can be scored: the model cannot be fitted on the "
		       "sessions before any week (too few cramps with every chosen "
		       "factor known)";
	return "too few cramps among the scored sessions to tell (at least 10 "
	       "are needed)";
}

static int print_json(const struct backtest_summary *s)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	json_init(&j, &sb, JSON_COMPACT);
	json_object(&j, NULL);
	json_uint(&j, "weeks", s->weeks);
	json_uint(&j, "sessions", s->sessions);
	json_uint(&j, "cramps", s->cramps);
	json_string(&j, "note", s->enough ? NULL : too_little(s));
	json_array(&j, "models");
	for (int m = 0; m < BACKTEST_MODELS; m++) {
		json_object(&j, NULL);
		json_string(&j, "name", backtest_model_name((enum backtest_model)m));
		json_number(&j, "auc", s->auc[m].auc);
		json_number(&j, "auc_low", s->auc[m].low);
		json_number(&j, "auc_high", s->auc[m].high);
		json_number(&j, "brier", s->cal[m].brier);
		json_number(&j, "scaled_brier", s->cal[m].scaled_brier);
		json_number(&j, "intercept", s->cal[m].intercept);
		json_number(&j, "slope", s->cal[m].slope);
		json_number(&j, "observed", s->cal[m].observed);
		json_number(&j, "expected", s->cal[m].expected);
		json_end(&j);
	}
	json_end(&j);
	json_object(&j, "auc_difference");
	json_number(&j, "estimate", s->auc_difference);
	json_number(&j, "p", s->auc_p);
	json_end(&j);
	json_array(&j, "levels");
	for (int k = 0; k < 3; k++) {
		json_object(&j, NULL);
		json_string(&j, "level", risk_level_name(s->levels[k].level));
		json_uint(&j, "sessions", s->levels[k].sessions);
		json_uint(&j, "cramps", s->levels[k].cramps);
		json_number(&j, "rate", s->levels[k].rate);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
	return EXIT_OK;
}

static const char *const row_names[BACKTEST_MODELS] = {
	"model", "history alone", "base rate"
};

/* Prints x in a column of width with decimals, "-" when it does not
 * exist (a calibration fit of one prediction for all, say). */
static void cell(double x, int width, int decimals)
{
	if (isfinite(x))
		printf(" %*.*f", width, decimals, x);
	else
		printf(" %*s", width, "-");
}

static void print_table(const struct backtest_summary *s)
{
	printf("\n  %-14s %-22s %7s %7s %9s %6s %6s\n", "", "AUC (95% CI)",
	       "Brier", "scaled", "intercept", "slope", "O/E");
	for (int m = 0; m < BACKTEST_MODELS; m++) {
		const struct backtest_calibration *c = &s->cal[m];
		char auc[32];

		snprintf(auc, sizeof(auc), "%.3f (%.3f-%.3f)", s->auc[m].auc,
			 s->auc[m].low, s->auc[m].high);
		printf("  %-14s %-22s", row_names[m], auc);
		cell(c->brier, 7, 4);
		cell(c->scaled_brier, 7, 3);
		cell(c->intercept, 9, 2);
		cell(c->slope, 6, 2);
		cell(c->observed / c->expected, 6, 2);
		putchar('\n');
	}
	printf("\n  %-10s %8s %7s %7s\n", "level", "sessions", "cramps", "rate");
	for (int k = 0; k < 3; k++) {
		const struct backtest_level *l = &s->levels[k];

		if (l->sessions)
			printf("  %-10s %8llu %7llu %6.1f%%\n",
			       risk_level_name(l->level),
			       (unsigned long long)l->sessions,
			       (unsigned long long)l->cramps, 100 * l->rate);
		else
			printf("  %-10s %8d %7d %7s\n", risk_level_name(l->level),
			       0, 0, "-");
	}
	putchar('\n');
}

/* The plain sentences under the table. */
static void print_sentences(const struct backtest_summary *s)
{
	const struct backtest_calibration *c = &s->cal[BACKTEST_MODEL];
	const struct backtest_level *high = &s->levels[0], *low = &s->levels[2];

	cmd_print_wrapped(stdout, "", "The model ranked a session that cramped "
			  "above one that did not %.0f%% of the time (95%% CI "
			  "%.0f to %.0f%%); history alone: %.0f%%; 50%% is a "
			  "coin toss.", 100 * s->auc[BACKTEST_MODEL].auc,
			  100 * s->auc[BACKTEST_MODEL].low,
			  100 * s->auc[BACKTEST_MODEL].high,
			  100 * s->auc[BACKTEST_HISTORY].auc);
	if (s->auc_p < 0.05 && s->auc_difference > 0)
		cmd_print_wrapped(stdout, "", "The factors added to what history "
				  "alone tells (difference %.3f, DeLong p = %.2g).",
				  s->auc_difference, s->auc_p);
	else if (s->auc_p < 0.05)
		cmd_print_wrapped(stdout, "", "The factors made the ranking worse "
				  "than history alone (difference %.3f, DeLong "
				  "p = %.2g).", s->auc_difference, s->auc_p);
	else
		cmd_print_wrapped(stdout, "", "The factors added nothing that the "
				  "data can show (difference %.3f, DeLong p = %.2g).",
				  s->auc_difference, s->auc_p);
	cmd_print_wrapped(stdout, "", "%.0f cramps happened where the risks "
			  "expected %.1f; calibration slope %.2f (1 is right, "
			  "below 1 the risks spread too far, above 1 not far "
			  "enough).", c->observed, c->expected, c->slope);
	if (high->sessions && low->sessions)
		cmd_print_wrapped(stdout, "", "Sessions at high risk cramped at "
				  "%.1f%%, those at low risk at %.1f%%.",
				  100 * high->rate, 100 * low->rate);
}

static void print_text(const struct backtest_summary *s,
		       const struct backtest *b)
{
	char first[CALENDAR_WEEK_NAME_SIZE] = "";
	char last[CALENDAR_WEEK_NAME_SIZE] = "";

	if (b->count) {
		calendar_format_iso_week(b->v[0].monday, first);
		calendar_format_iso_week(b->v[b->count - 1].monday, last);
	}
	if (s->weeks)
		printf("Backtest of the weekly risk: %zu week%s scored (%s%s%s), "
		       "%zu sessions, %llu cramps.\n", s->weeks,
		       s->weeks == 1 ? "" : "s", first,
		       strcmp(first, last) ? " to " : "",
		       strcmp(first, last) ? last : "", s->sessions,
		       (unsigned long long)s->cramps);
	if (b->unscored)
		cmd_print_wrapped(stdout, "", "%zu sessions of the span were not "
				  "scored: no model could be fitted before their "
				  "week, or their athlete had not trained before "
				  "it.", b->unscored);
	if (!s->enough) {
		cmd_print_wrapped(stdout, "", "Too little data: %s.", too_little(s));
		return;
	}
	print_table(s);
	print_sentences(s);
}

enum { OPT_MODEL = OPT_OWN, OPT_FACTORS, OPT_PREDICTIONS };

static const struct cmd_option options[] = {
	{ "from", OPT_FROM, "DATE", "score only the sessions of these days (the\n"
	  "fits use every session before each week)", "--from DATE, --to DATE" },
	{ "to", OPT_TO, "DATE", NULL, NULL },
	{ "athlete", OPT_ATHLETE, "NAME", "score only this athlete's sessions "
	  "(the model\nstays the squad's)", NULL },
	{ "model", OPT_MODEL, "MODEL", "firth (default) or mle", NULL },
	{ "factors", OPT_FACTORS, "LIST", "the factors of the model (default: all "
	  "six)", NULL },
	{ "format", OPT_FORMAT, "FORMAT", "text (default), json, or csv (one row "
	  "per\nscored session)", NULL },
	{ "predictions", OPT_PREDICTIONS, "FILE", "also write the scored sessions "
	  "as CSV to FILE\n(mode 0600), to recompute every figure", NULL },
	CMD_OPTIONS_ANALYSIS_AS_ANALYZE,
	{ NULL, 0, NULL, NULL, NULL }
};

/* In the order of enum format. */
static const char *const formats[] = { "text", "json", "csv", NULL };

struct choices {
	struct backtest_options *opt;
	const char *predictions;
};

static int take(void *ctx, int code, const char *arg)
{
	struct choices *ch = ctx;
	struct analysis_options aopt;

	switch (code) {
	case OPT_MODEL:
		return cmd_parse_method("validate", arg, &ch->opt->method);
	case OPT_FACTORS:
		analysis_options_init(&aopt);
		if ((code = cmd_parse_factors("validate", arg, &aopt)) != EXIT_OK)
			return code;
		memcpy(ch->opt->factor_on, aopt.factor_on,
		       sizeof(ch->opt->factor_on));
		break;
	case OPT_PREDICTIONS:
		ch->predictions = arg;
		break;
	}
	return EXIT_OK;
}

static const struct cmd_spec spec = {
	.name = "validate",
	.about = "usage: cramplog validate [OPTIONS]\n"
		 "\n"
		 "Backtests the weekly risk: for each ISO week, the report's model is fitted\n"
		 "on the sessions before its Monday only, and every session of the week is\n"
		 "scored with the risk the report of the week before gave its athlete. Then:\n"
		 "does the risk rank the sessions that cramped above those that did not (AUC\n"
		 "with DeLong's 95% CI), is it the right size (Brier score, calibration\n"
		 "intercept and slope, observed against expected cramps), and does it do\n"
		 "better than the athlete's own history of cramping alone (DeLong's paired\n"
		 "test) and the squad's base rate? See docs/validation.md.\n"
		 "\n"
		 "options:\n",
	.options = options,
	.width = 23,
	.after = "\n"
		 "Fewer than 10 cramps among the scored sessions, or no week that can be\n"
		 "scored, is too little to tell: a message, and null figures in JSON.\n"
		 "exit status: 0 (also with too little data), 64 usage, 66 no database or\n"
		 "no such athlete, 73 cannot write --predictions, 74 write error.\n",
	.formats = formats,
	.operands = 0,
	.take = take,
};

/* The start time of each of the flags' sessions, when they are written:
 * read in the flags' snapshot (cmd_load_split's then), in their order. */
struct starts {
	const struct exposure_options *opt;
	const struct flags_table *ft;
	model_time *start;
	size_t n;
};

static int take_start(void *arg, const struct exposure_table *t,
		      const struct session_exposure *e)
{
	struct starts *s = arg;

	(void)t;
	if (s->n == s->ft->count)
		return 1;
	memcpy(s->start[s->n++], e->start_time, sizeof(model_time));
	return 0;
}

static int read_starts(void *arg, store *st, struct diag *d)
{
	struct starts *s = arg;
	struct exposure_table t;
	int rc;

	s->start = xreallocarray(NULL, s->ft->count, sizeof(*s->start));
	rc = exposure_each(st, s->opt, take_start, s, &t, d);
	exposure_table_release(&t);
	if (rc > 0 || (rc == 0 && s->n != s->ft->count))
		return diag_error(d, "the sessions read twice in one snapshot "
				  "differ: %zu flags, %zu start times",
				  s->ft->count, s->n);
	return rc;
}

int cmd_validate(int argc, char **argv)
{
	struct cmd_analysis a;
	struct exposure_options defaults;
	struct backtest_options opt;
	struct backtest b;
	struct backtest_summary s;
	struct exposure_table t;
	struct choices ch = { &opt, NULL };
	struct cmd_args args = { .ctx = &ch, .analysis = &a };
	enum format format;
	const char *predictions;
	struct flags_table ft;
	struct starts starts = { 0 };
	const struct cmd_split how = { NULL, NULL, read_starts, &starts };
	struct cmd_backtest_stream bs = { .a = &a, .how = BACKTEST_WALK_CELLS };
	struct scored sc;
	int code, per_session;

	cmd_analysis_init(&a);
	exposure_options_init(&defaults);
	backtest_options_init(&opt);
	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	format = (enum format)args.format;
	predictions = ch.predictions;
	if (a.exp.from_day > a.exp.to_day)
		return cmd_usage_error("validate", "--from is after --to");
	/* The fits are the squad's, from the first day; sessions after --to
	 * play no part. */
	opt.from_day = a.exp.from_day;
	opt.to_day = a.exp.to_day;
	a.exp.from_day = defaults.from_day;
	a.squad = 1;
	a.outputs[0] = predictions;
	/* The flags, one prediction an athlete's week (the figures are
	 * those of one a session, to the bit); the start times too when the
	 * sessions are written one by one. */
	per_session = predictions || format == FORMAT_CSV;
	starts.opt = &a.exp;
	starts.ft = &ft;
	opt.by_athlete_week = 1;
	if (!per_session) {
		/* The summary alone: the flags streamed to the walk, its
		 * predictions summed by week and flags (the same figures to
		 * the bit), none held. */
		const struct cmd_split stream = { NULL, cmd_backtest_session,
						  NULL, &bs };

		bs.opt = opt;
		code = cmd_load_split("validate", &a, &stream, &ft, &t);
	} else {
		code = cmd_load_split("validate", &a, &how, &ft, &t);
	}
	if (code != EXIT_OK) {
		cmd_backtest_free(&bs);
		free(starts.start);
		return code;
	}
	opt.athlete_id = a.athlete_id;
	if (!per_session)
		cmd_backtest_finish(&bs, &b);
	else
		backtest_run_flags(&ft, &opt, &b);
	backtest_summarize(&b, &s);
	sc = (struct scored){ &ft, starts.start, &b };
	if (predictions)
		code = write_predictions(predictions, &sc);
	if (code == EXIT_OK) {
		if (format == FORMAT_JSON)
			code = print_json(&s);
		else if (format == FORMAT_CSV)
			code = write_csv(stdout, &sc) < 0 ? EXIT_IOERR : EXIT_OK;
		else
			print_text(&s, &b);
	}
	if (code == EXIT_OK && !s.enough && format != FORMAT_TEXT)
		fprintf(stderr, "cramplog validate: %s\n", too_little(&s));
	free(starts.start);
	backtest_release(&b);
	flags_table_release(&ft);
	exposure_table_release(&t);
	return cmd_finish(code);
}
