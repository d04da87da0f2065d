/*
 * Writing the native log formats (see csv_writer.h). Numbers never go
 * through the locale: cramplog never calls setlocale.
 */
#include "csv_writer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char training_header[] =
	"date,start_time,athlete,session,duration_min,rpe,distance_km,"
	"pre_mass_kg,post_mass_kg,fluid_ml,temp_c,tightness,cramp,"
	"cramp_muscle,cramp_side,cramp_severity,notes\n";
static const char hydration_header[] =
	"date,time,athlete,fluid_ml,sodium_mg,potassium_mg,urine_color,usg,"
	"body_mass_kg\n";
static const char diet_header[] =
	"date,time,athlete,meal,energy_kcal,carbs_g,protein_g,fat_g,sodium_mg,"
	"potassium_mg,fluid_ml\n";

int csv_writer_header(FILE *fp, enum log_kind kind)
{
	const char *h = kind == KIND_TRAINING ? training_header :
			kind == KIND_HYDRATION ? hydration_header : diet_header;

	return fputs(h, fp) < 0 ? -1 : 0;
}

/* A text cell: quoted, with quotes doubled, when it holds a comma, a quote
 * or a line break; empty for NULL. Then the separator. */
int csv_writer_text(FILE *fp, const char *s, char sep)
{
	int r = 0;

	if (s && strpbrk(s, ",\"\r\n")) {
		r |= putc('"', fp) == EOF;
		for (; *s; s++) {
			if (*s == '"')
				r |= putc('"', fp) == EOF;
			r |= putc(*s, fp) == EOF;
		}
		r |= putc('"', fp) == EOF;
	} else if (s) {
		r |= fputs(s, fp) < 0;
	}
	r |= putc(sep, fp) == EOF;
	return r ? -1 : 0;
}

/* A number cell: up to six decimals, trailing zeros dropped ("61.2",
 * "1.015", "75"); a number too large for that (1e57 and up, which only a
 * damaged database holds) in 17 significant digits (%.17g);
 * empty for NAN. */
int csv_writer_number(FILE *fp, double x, char sep)
{
	char buf[64];
	int n;

	if (!isnan(x)) {
		n = snprintf(buf, sizeof(buf), "%.6f", x == 0 ? 0.0 : x);
		if (n >= 0 && (size_t)n < sizeof(buf)) {
			while (buf[n - 1] == '0')
				n--;
			if (buf[n - 1] == '.')
				n--;
		} else {
			n = snprintf(buf, sizeof(buf), "%.17g", x);
		}
		if (n < 0 || fwrite(buf, 1, (size_t)n, fp) != (size_t)n)
			return -1;
	}
	return putc(sep, fp) == EOF ? -1 : 0;
}

int csv_writer_exact(FILE *fp, double x, char sep)
{
	char buf[32];
	int n = 0;

	if (!isnan(x)) {
		for (int digits = 15; digits <= 17; digits++) {
			n = snprintf(buf, sizeof(buf), "%.*g", digits,
				     x == 0 ? 0.0 : x);
			if (n < 0 || strtod(buf, NULL) == x)
				break;
		}
		if (n < 0 || fwrite(buf, 1, (size_t)n, fp) != (size_t)n)
			return -1;
	}
	return putc(sep, fp) == EOF ? -1 : 0;
}

/* "HH:MM" when the seconds are 0, as people write it. */
static int time_cell(FILE *fp, const char *t, char sep)
{
	if (t[0] && fwrite(t, 1, strcmp(t + 5, ":00") == 0 ? 5 : 8, fp) == 0)
		return -1;
	return putc(sep, fp) == EOF ? -1 : 0;
}

int csv_writer_training(FILE *fp, const struct training_row *r)
{
	int e = 0;

	e |= csv_writer_text(fp, r->date, ',');
	e |= time_cell(fp, r->start_time, ',');
	e |= csv_writer_text(fp, r->athlete, ',');
	e |= csv_writer_text(fp, r->session, ',');
	e |= csv_writer_number(fp, r->duration_min, ',');
	e |= csv_writer_number(fp, r->rpe, ',');
	e |= csv_writer_number(fp, r->distance_km, ',');
	e |= csv_writer_number(fp, r->pre_mass_kg, ',');
	e |= csv_writer_number(fp, r->post_mass_kg, ',');
	e |= csv_writer_number(fp, r->fluid_ml, ',');
	e |= csv_writer_number(fp, r->temp_c, ',');
	e |= csv_writer_number(fp, r->tightness, ',');
	e |= csv_writer_text(fp, r->cramp ? "yes" : "no", ',');
	e |= csv_writer_text(fp, r->cramp_muscle, ',');
	e |= csv_writer_text(fp, model_side_name(r->cramp_side), ',');
	e |= csv_writer_number(fp, r->cramp_severity, ',');
	e |= csv_writer_text(fp, r->notes, '\n');
	return e ? -1 : 0;
}

int csv_writer_hydration(FILE *fp, const struct hydration_row *r)
{
	int e = 0;

	e |= csv_writer_text(fp, r->date, ',');
	e |= time_cell(fp, r->time, ',');
	e |= csv_writer_text(fp, r->athlete, ',');
	e |= csv_writer_number(fp, r->fluid_ml, ',');
	e |= csv_writer_number(fp, r->sodium_mg, ',');
	e |= csv_writer_number(fp, r->potassium_mg, ',');
	e |= csv_writer_number(fp, r->urine_color, ',');
	e |= csv_writer_number(fp, r->usg, ',');
	e |= csv_writer_number(fp, r->body_mass_kg, '\n');
	return e ? -1 : 0;
}

int csv_writer_diet(FILE *fp, const struct diet_row *r)
{
	int e = 0;

	e |= csv_writer_text(fp, r->date, ',');
	e |= time_cell(fp, r->time, ',');
	e |= csv_writer_text(fp, r->athlete, ',');
	e |= csv_writer_text(fp, r->meal, ',');
	e |= csv_writer_number(fp, r->energy_kcal, ',');
	e |= csv_writer_number(fp, r->carbs_g, ',');
	e |= csv_writer_number(fp, r->protein_g, ',');
	e |= csv_writer_number(fp, r->fat_g, ',');
	e |= csv_writer_number(fp, r->sodium_mg, ',');
	e |= csv_writer_number(fp, r->potassium_mg, ',');
	e |= csv_writer_number(fp, r->fluid_ml, '\n');
	return e ? -1 : 0;
}
