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

/*
 * The scored sessions written one by one (--predictions, --format csv):
 * once the backtest is made (the flags' first read, streamed), the
 * sessions are read again in the same snapshot, each found its
 * prediction (backtest_replay) and written, none held; by athlete, date
 * and start time.
 */
struct per_session {
	struct cmd_backtest_stream *bs;
	struct backtest *b;              /* made by write_sessions */
	int made;
	const struct exposure_options *opt;
	const char *path;                /* --predictions; NULL */
	struct outfile file;
	FILE *fp[2];                     /* the file, standard output; NULL */
	int err[2];                      /* errno of a failed write to each */
	int opened, open_failed;
	int csv;                         /* --format csv: standard output too */
	int copy;                        /* it gets a copy of the file once
					  * whole (a new file renamed into
					  * place, not a device or a pipe) */
	struct backtest_replay *r;
	uint64_t sessions;               /* read again */
	uint64_t found;                  /* of them, given a prediction */
};

/* A scored session's row into fp: 0, or -1 with errno. */
static int csv_row(FILE *fp, const char *name, const struct session_exposure *x,
		   const struct backtest_prediction *p)
{
	char week[CALENDAR_WEEK_NAME_SIZE];
	int e = 0;

	calendar_format_iso_week(p->monday, week);
	e |= csv_writer_text(fp, name, ',');
	e |= csv_writer_text(fp, x->date, ',');
	e |= csv_writer_text(fp, x->start_time, ',');
	e |= csv_writer_text(fp, week, ',');
	/* Every digit, so that the figures can be recomputed. */
	e |= fprintf(fp, "%.17g,%.17g,%.17g,", p->risk, p->risk_history,
		     p->risk_base) < 0;
	e |= csv_writer_text(fp, risk_level_name(p->level), ',');
	e |= fprintf(fp, "%u\n", x->cramp ? 1u : 0u) < 0;
	return e ? -1 : 0;
}

/* Writes session e when scored (exposure_each's sink); stops at a
 * failed write. */
static int write_session(void *arg, const struct exposure_table *t,
			 const struct session_exposure *e)
{
	struct per_session *ps = arg;
	struct session_flags f;
	const struct backtest_prediction *p;

	ps->sessions++;
	session_flags_of(e, &f);
	if (!(p = backtest_replay_next(ps->r, &f, e->athlete_id)))
		return 0;
	ps->found++;
	for (int k = 0; k < 2; k++)
		if (ps->fp[k] && !ps->err[k] &&
		    csv_row(ps->fp[k], t->names[e->athlete], e, p) < 0)
			ps->err[k] = errno ? errno : EIO;
	/* Nothing more to write anywhere: stop reading. */
	return (!ps->fp[0] || ps->err[0]) && (!ps->fp[1] || ps->err[1]);
}

/* The file --predictions names, made (mode 0600) to be renamed into
 * place when whole: 0, or -1 with d filled. */
static int open_file(struct per_session *ps, struct diag *d)
{
	if (outfile_open(&ps->file, ps->path, d) < 0) {
		ps->open_failed = 1;
		return -1;
	}
	ps->opened = 1;
	/* A reader of standard output that stops early leaves the file
	 * whole: it gets a copy once the file is; a device or a pipe is
	 * written into as it goes. */
	ps->copy = ps->csv && ps->file.tmp;
	if (ps->csv && !ps->copy)
		ps->fp[1] = stdout;
	if (!(ps->fp[0] = fdopen(ps->file.fd, "w"))) {
		ps->err[0] = errno;
		return 0;
	}
	ps->file.fd = -1;       /* fp owns it now */
	return 0;
}

/* In the flags' snapshot, the backtest made: the sessions again, each
 * scored one written (cmd_load_split's then). */
static int write_sessions(void *arg, store *st, struct diag *d)
{
	static const char header[] = "athlete,date,start_time,week,risk,"
				     "risk_history,risk_base,level,cramp\n";
	struct per_session *ps = arg;
	struct exposure_options o = *ps->opt;
	struct exposure_table t;
	int rc;

	cmd_backtest_finish(ps->bs, ps->b);
	ps->made = 1;
	if (ps->path && open_file(ps, d) < 0)
		return -1;
	for (int k = 0; k < 2; k++)
		if (ps->fp[k] && !ps->err[k] && fputs(header, ps->fp[k]) < 0)
			ps->err[k] = errno ? errno : EIO;
	ps->r = backtest_replay_new(ps->b, &ps->bs->opt);
	o.with_days = 0;
	rc = exposure_each(st, &o, write_session, ps, &t, d);
	exposure_table_release(&t);
	backtest_replay_free(ps->r);
	if (rc < 0)
		return -1;
	if (rc == 0 && !ps->err[0] && !ps->err[1]) {
		uint64_t scored = 0;

		for (size_t i = 0; i < ps->b->count; i++)
			scored += ps->b->v[i].sessions;
		if (ps->sessions != ps->bs->sessions || ps->found != scored)
			return diag_error(d, "the sessions read twice in one "
					  "snapshot differ: %llu sessions, "
					  "%llu scored, then %llu sessions, "
					  "%llu scored",
					  (unsigned long long)ps->bs->sessions,
					  (unsigned long long)scored,
					  (unsigned long long)ps->sessions,
					  (unsigned long long)ps->found);
	}
	return 0;
}

/* The predictions file, when opened, closed: renamed into place when ok
 * and written whole, else removed. Returns an exit code (EXIT_OK when
 * not ok: the caller's stands), after a message. */
static int close_file(struct per_session *ps, int ok)
{
	struct diag d = DIAG_INIT;
	int code = EXIT_OK;

	if (!ps->opened)
		return EXIT_OK;
	ps->opened = 0;
	if (ps->fp[0] && fclose(ps->fp[0]) != 0 && !ps->err[0])
		ps->err[0] = errno;
	ps->fp[0] = NULL;
	if (!ok || ps->err[0]) {
		outfile_discard(&ps->file);
		if (!ok)
			return EXIT_OK;
		cmd_printf(stderr, "cramplog validate: %s: %s\n", ps->path,
			   strerror(ps->err[0]));
		return EXIT_IOERR;
	}
	if (outfile_commit(&ps->file, &d) < 0) {
		cmd_print_diag(&d);
		code = EXIT_CANTCREAT;
	}
	diag_release(&d);
	return code;
}

static const char one_outcome_note[] =
	"every scored session had a cramp: the ranking (AUC) and its "
	"comparison with history alone need sessions without one too";

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
	json_string(&j, "note", !s->enough ? too_little(s) :
		    backtest_one_outcome(s) ? one_outcome_note : NULL);
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

		if (isnan(s->auc[m].auc))
			snprintf(auc, sizeof(auc), "-");
		else
			snprintf(auc, sizeof(auc), "%.3f (%.3f-%.3f)",
				 s->auc[m].auc, s->auc[m].low, s->auc[m].high);
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

/* The model's ranking against history alone's (DeLong), when made. */
static void print_comparison(const struct backtest_summary *s)
{
	if (backtest_one_outcome(s) || isnan(s->auc_p))
		return;
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
}

/* The plain sentences under the table. */
static void print_sentences(const struct backtest_summary *s)
{
	const struct backtest_calibration *c = &s->cal[BACKTEST_MODEL];
	const struct backtest_level *high = &s->levels[0], *low = &s->levels[2];

	if (backtest_one_outcome(s))
		cmd_print_wrapped(stdout, "", "No ranking to judge: %s.",
				  one_outcome_note);
	else
		cmd_print_wrapped(stdout, "", "The model ranked a session that "
				  "cramped above one that did not %.0f%% of the "
				  "time (95%% CI %.0f to %.0f%%); history alone: "
				  "%.0f%%; 50%% is a coin toss.",
				  100 * s->auc[BACKTEST_MODEL].auc,
				  100 * s->auc[BACKTEST_MODEL].low,
				  100 * s->auc[BACKTEST_MODEL].high,
				  100 * s->auc[BACKTEST_HISTORY].auc);
	print_comparison(s);
	if (isnan(c->slope))
		cmd_print_wrapped(stdout, "", "%.0f cramps happened where the "
				  "risks expected %.1f.", c->observed,
				  c->expected);
	else
		cmd_print_wrapped(stdout, "", "%.0f cramps happened where the "
				  "risks expected %.1f; calibration slope %.2f (1 "
				  "is right, below 1 the risks spread too far, "
				  "above 1 not far enough).", c->observed,
				  c->expected, c->slope);
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
		 "no such athlete, 70 the database could not be read, 73 cannot write\n"
		 "--predictions, 74 write error.\n",
	.formats = formats,
	.operands = 0,
	.take = take,
};

/* The file at path copied to standard output: an exit code. */
static int copy_out(const char *path)
{
	char buf[65536];
	FILE *fp = fopen(path, "r");
	size_t n;
	int err = 0;

	if (!fp) {
		cmd_printf(stderr, "cramplog validate: %s: %s\n", path,
			   strerror(errno));
		return EXIT_IOERR;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n) {
			err = 1;
			break;
		}
	err |= ferror(fp);
	fclose(fp);
	return err ? EXIT_IOERR : EXIT_OK;
}

/* A session's flags to the per-session writer's backtest stream. */
static void per_session_each(void *arg, const struct session_flags *e,
			     int64_t athlete_id)
{
	struct per_session *ps = arg;

	cmd_backtest_session(ps->bs, e, athlete_id);
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
	struct flags_table ft;
	struct cmd_backtest_stream bs = { .a = &a, .how = BACKTEST_WALK_CELLS };
	struct per_session ps = { .bs = &bs, .b = &b, .opt = &a.exp };
	struct cmd_split how = { NULL, cmd_backtest_session, 0, NULL, &bs };
	int code, closed;

	cmd_analysis_init(&a);
	exposure_options_init(&defaults);
	backtest_options_init(&opt);
	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	format = (enum format)args.format;
	ps.path = ch.predictions;
	if (a.exp.from_day > a.exp.to_day)
		return cmd_usage_error("validate", "--from is after --to");
	/* The fits are the squad's, from the first day; sessions after --to
	 * play no part. */
	opt.from_day = a.exp.from_day;
	opt.to_day = a.exp.to_day;
	a.exp.from_day = defaults.from_day;
	a.squad = 1;
	a.outputs[0] = ps.path;
	/* The flags streamed to the walk, its predictions summed by week and
	 * flags (the figures are those of one prediction a session, to the
	 * bit), none held; the sessions written one by one read again. */
	opt.by_athlete_week = 1;
	bs.opt = opt;
	if (ps.path || format == FORMAT_CSV) {
		ps.csv = format == FORMAT_CSV;
		if (ps.csv && !ps.path)
			ps.fp[1] = stdout;
		/* One argument for both: the writer, and the stream it
		 * points to. The flags made as the second read makes them,
		 * so that each session finds the prediction it was given
		 * (the kept flag values of a database changed by hand may
		 * say otherwise than its values). */
		how = (struct cmd_split){ NULL, per_session_each, 1,
					  write_sessions, &ps };
	}
	code = cmd_load_split("validate", &a, &how, &ft, &t);
	if (code != EXIT_OK) {
		if (ps.open_failed)
			code = EXIT_CANTCREAT;
		close_file(&ps, 0);
		cmd_backtest_free(&bs);
		if (ps.made)
			backtest_release(&b);
		return code;
	}
	if (!ps.made)
		cmd_backtest_finish(&bs, &b);
	backtest_summarize(&b, &s);
	closed = close_file(&ps, 1);
	if (closed != EXIT_OK)
		code = closed;
	else if (ps.err[1])
		code = EXIT_IOERR;
	else if (ps.copy)
		code = copy_out(ps.path);
	if (code == EXIT_OK) {
		if (format == FORMAT_JSON)
			code = print_json(&s);
		else if (format == FORMAT_TEXT)
			print_text(&s, &b);
	}
	if (code == EXIT_OK && !s.enough && format != FORMAT_TEXT)
		fprintf(stderr, "cramplog validate: %s\n", too_little(&s));
	backtest_release(&b);
	flags_table_release(&ft);
	exposure_table_release(&t);
	return cmd_finish(code);
}
