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
		 "exit status: 0, 64 usage, 66 no database or no such athlete.\n",
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

static int print_csv(const struct exposure_table *t)
{
	int e = 0;

	e |= fputs("athlete,date,start_time,cramp,cramp_muscle,cramp_side", stdout) < 0;
	for (size_t i = 0; i < NVALUES; i++)
		e |= printf(",%s", value_columns[i]) < 0;
	e |= fputs(",window_days,window_known_days", stdout) < 0;
	for (int f = 0; f < FACTOR_ALL; f++)
		e |= printf(",%s", exposure_factor_name((enum factor)f)) < 0;
	e |= putchar('\n') == EOF;
	for (size_t r = 0; r < t->count && !e; r++) {
		const struct session_exposure *x = &t->rows[r];
		double v[NVALUES];

		values_of(x, v);
		e |= csv_writer_text(stdout, t->names[x->athlete], ',');
		e |= csv_writer_text(stdout, x->date, ',');
		e |= csv_writer_text(stdout, x->start_time, ',');
		e |= csv_writer_text(stdout, x->cramp ? "1" : "0", ',');
		e |= csv_writer_text(stdout, x->cramp_muscle, ',');
		e |= csv_writer_text(stdout, model_side_name(x->cramp_side), ',');
		for (size_t i = 0; i < NVALUES; i++)
			e |= csv_writer_number(stdout, v[i], ',');
		e |= printf("%d,%d", t->window_days, x->window_known_days) < 0;
		for (int f = 0; f < FACTOR_ALL; f++)
			e |= printf(x->flag[f] == FLAG_UNKNOWN ? "," : ",%d",
				    x->flag[f]) < 0;
		e |= putchar('\n') == EOF;
	}
	return e ? -1 : 0;
}

/* Writes the table as a JSON array, a row at a time. */
static int print_json(const struct exposure_table *t)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	int r = 0;

	json_init(&j, &sb, JSON_ROWS);
	json_array(&j, NULL);
	for (size_t i = 0; i < t->count && r == 0; i++) {
		const struct session_exposure *x = &t->rows[i];
		double v[NVALUES];

		values_of(x, v);
		json_object(&j, NULL);
		json_string(&j, "athlete", t->names[x->athlete]);
		json_string(&j, "date", x->date);
		json_string(&j, "start_time", x->start_time[0] ? x->start_time : NULL);
		json_bool(&j, "cramp", x->cramp);
		json_string(&j, "cramp_muscle", x->cramp_muscle);
		json_string(&j, "cramp_side", x->cramp_side ?
			    model_side_name(x->cramp_side) : NULL);
		for (size_t k = 0; k < NVALUES; k++)
			json_number(&j, value_columns[k], v[k]);
		json_int(&j, "window_days", t->window_days);
		json_int(&j, "window_known_days", x->window_known_days);
		for (int f = 0; f < FACTOR_ALL; f++) {
			const char *name = exposure_factor_name((enum factor)f);

			if (x->flag[f] == FLAG_UNKNOWN)
				json_null(&j, name);
			else
				json_bool(&j, name, x->flag[f]);
		}
		json_end(&j);
		r |= fputs(sb.buf, stdout) < 0;
		strbuf_reset(&sb);
	}
	json_end(&j);
	r |= fputs(sb.buf, stdout) < 0;
	strbuf_release(&sb);
	return r ? -1 : 0;
}

int cmd_exposures(int argc, char **argv)
{
	struct cmd_analysis a;
	struct cmd_args args = { .analysis = &a };
	struct exposure_table t;
	int code, r;

	cmd_analysis_init(&a);
	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	if ((code = cmd_load_exposures("exposures", &a, &t)) != EXIT_OK)
		return code;
	r = args.format == 1 ? print_json(&t) : print_csv(&t);
	exposure_table_release(&t);
	if (r < 0)
		return cmd_finish(EXIT_IOERR);
	return cmd_finish(EXIT_OK);
}
