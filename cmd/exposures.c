/*
 * cramplog exposures: the per-session table the analyzer works from, as CSV
 * or JSON, so that any figure can be checked by hand or taken into R.
 */
#include "cmd.h"
#include "csv_writer.h"
#include "json.h"
#include "strbuf.h"

#include <math.h>
#include <string.h>

static const struct cmd_option options[] = {
	{ "format", OPT_FORMAT, "FORMAT", "csv (default) or json", NULL },
	CMD_OPTIONS_ANALYSIS(NULL, NULL),
	{ NULL, 0, NULL, NULL, NULL }
};

static const char *const formats[] = { "csv", "json", NULL };

static const struct cmd_spec spec = {
	.name = "exposures",
	.about = "usage: cramplog exposures [OPTIONS]\n"
		 "\n"
		 "Prints, for every training session, the cramp (if any), the session's\n"
		 "own values, the intake of the window before it, the morning urine, the\n"
		 "training load and ACWR, the sweat and sodium balance, and the factor\n"
		 "flags (1, 0, or empty when unknown).\n"
		 "\n"
		 "options:\n",
	.options = options,
	.width = 23,
	.thresholds = 1,
	.after = "\n"
		 "Each session is printed as it is made, none held: a database error\n"
		 "part way leaves the sessions before it printed (and exits 70).\n"
		 "exit status: 0, 64 usage, 66 no database or no such athlete,\n"
		 "70 a database error, 74 cannot write the output.\n",
	.formats = formats,
	.operands = 0,
};

/* The value columns, in order ("pre_tightness", so that "tightness" can
 * name the flag, as every factor's column does). */
static const char *const value_columns[] = {
	"cramp_severity", "duration_min", "rpe", "load", "body_mass_loss_pct",
	"pre_tightness", "urine_color", "usg", "fluid_ml", "sodium_mg",
	"potassium_mg", "carbs_g", "carbs_g_per_kg", "acute_load",
	"chronic_load", "acwr", "sweat_volume_l", "sweat_rate_l_h",
	"sweat_sodium_mg_l", "sweat_sodium_mg", "sodium_balance_mg"
};

#define NVALUES (sizeof(value_columns) / sizeof(value_columns[0]))

static void values_of(const struct session_exposure *e, double v[NVALUES])
{
	const double x[NVALUES] = {
		e->cramp_severity, e->duration_min, e->rpe, e->load,
		e->body_mass_loss_pct, e->tightness, e->urine_color, e->usg,
		e->fluid_ml, e->sodium_mg, e->potassium_mg, e->carbs_g,
		e->carbs_g_per_kg, e->acute_load, e->chronic_load, e->acwr,
		e->sweat_volume_l, e->sweat_rate_l_h, e->sweat_sodium_mg_l,
		e->sweat_sodium_mg, e->sodium_balance_mg
	};

	memcpy(v, x, sizeof(x));
}

/* The printer of the sessions as they come (exposure_each). */
struct printer {
	int json, started, failed;
	struct strbuf sb;
	struct json j;
};

static void start(struct printer *p)
{
	p->started = 1;
	if (p->json) {
		json_init(&p->j, &p->sb, JSON_ROWS);
		json_array(&p->j, NULL);
		return;
	}
	p->failed |= fputs("athlete,date,start_time,cramp,cramp_muscle,"
			   "cramp_side", stdout) < 0;
	for (size_t i = 0; i < NVALUES; i++)
		p->failed |= printf(",%s", value_columns[i]) < 0;
	p->failed |= fputs(",window_days,window_known_days", stdout) < 0;
	for (int f = 0; f < FACTOR_ALL; f++)
		p->failed |= printf(",%s", exposure_factor_name((enum factor)f)) < 0;
	p->failed |= putchar('\n') == EOF;
}

static int csv_row(const struct exposure_table *t,
		   const struct session_exposure *x)
{
	double v[NVALUES];
	int e = 0;

	values_of(x, v);
	e |= csv_writer_text(stdout, t->names[x->athlete], ',');
	e |= csv_writer_text(stdout, x->date, ',');
	e |= csv_writer_text(stdout, x->start_time, ',');
	e |= csv_writer_text(stdout, x->cramp ? "1" : "0", ',');
	e |= csv_writer_text(stdout, x->cramp_muscle, ',');
	e |= csv_writer_text(stdout, model_side_name(x->cramp_side), ',');
	for (size_t i = 0; i < NVALUES; i++)
		e |= csv_writer_exact(stdout, v[i], ',');
	e |= printf("%d,%d", t->window_days, x->window_known_days) < 0;
	for (int f = 0; f < FACTOR_ALL; f++)
		e |= printf(x->flag[f] == FLAG_UNKNOWN ? "," : ",%d",
			    x->flag[f]) < 0;
	e |= putchar('\n') == EOF;
	return e;
}

/* A JSON object of the array, written a row at a time. */
static int json_row(struct printer *p, const struct exposure_table *t,
		    const struct session_exposure *x)
{
	struct json *j = &p->j;
	double v[NVALUES];
	int e;

	values_of(x, v);
	json_object(j, NULL);
	json_string(j, "athlete", t->names[x->athlete]);
	json_string(j, "date", x->date);
	json_string(j, "start_time", x->start_time[0] ? x->start_time : NULL);
	json_bool(j, "cramp", x->cramp);
	json_string(j, "cramp_muscle", x->cramp_muscle);
	json_string(j, "cramp_side", x->cramp_side ?
		    model_side_name(x->cramp_side) : NULL);
	for (size_t k = 0; k < NVALUES; k++)
		json_number(j, value_columns[k], v[k]);
	json_int(j, "window_days", t->window_days);
	json_int(j, "window_known_days", x->window_known_days);
	for (int f = 0; f < FACTOR_ALL; f++) {
		const char *name = exposure_factor_name((enum factor)f);

		if (x->flag[f] == FLAG_UNKNOWN)
			json_null(j, name);
		else
			json_bool(j, name, x->flag[f]);
	}
	json_end(j);
	e = fputs(p->sb.buf, stdout) < 0;
	strbuf_reset(&p->sb);
	return e;
}

/* Prints one session; stops (1) when standard output fails. */
static int print_row(void *arg, const struct exposure_table *t,
		     const struct session_exposure *x)
{
	struct printer *p = arg;

	if (!p->started)
		start(p);
	p->failed |= p->json ? json_row(p, t, x) : csv_row(t, x);
	return p->failed ? 1 : 0;
}

/* Ends the output (the header alone, or [], without a session). */
static void finish(struct printer *p)
{
	if (!p->started)
		start(p);
	if (p->json) {
		json_end(&p->j);
		p->failed |= fputs(p->sb.buf, stdout) < 0;
	}
	strbuf_release(&p->sb);
}

int cmd_exposures(int argc, char **argv)
{
	struct cmd_analysis a;
	struct cmd_args args = { .analysis = &a };
	struct printer p = { .sb = STRBUF_INIT };
	struct exposure_table t;
	int code;

	cmd_analysis_init(&a);
	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	p.json = args.format == 1;
	/* Each session printed as it is made: none is held. */
	code = cmd_each_exposure("exposures", &a, print_row, &p, &t);
	exposure_table_release(&t);
	if (code == EXIT_OK || p.failed)
		finish(&p);
	else
		strbuf_release(&p.sb);
	if (p.failed)
		return cmd_finish(EXIT_IOERR);
	return cmd_finish(code);
}
