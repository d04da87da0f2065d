/*
 * Names and initial values of the data model's rows (see model.h).
 */
#include "model.h"

#include <math.h>
#include <string.h>

static const char *const kind_names[] = {
	[KIND_NONE] = NULL,
	[KIND_TRAINING] = "training",
	[KIND_HYDRATION] = "hydration",
	[KIND_DIET] = "diet",
};

const char *model_kind_name(enum log_kind kind)
{
	if (kind <= KIND_NONE || kind > KIND_DIET)
		return "unknown";
	return kind_names[kind];
}

enum log_kind model_kind_from_name(const char *name)
{
	for (int k = KIND_TRAINING; k <= KIND_DIET; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return (enum log_kind)k;
	return KIND_NONE;
}

const char *model_side_name(enum cramp_side side)
{
	switch (side) {
	case SIDE_LEFT: return "left";
	case SIDE_RIGHT: return "right";
	case SIDE_BOTH: return "both";
	default: return NULL;
	}
}

void model_training_init(struct training_row *row)
{
	memset(row, 0, sizeof(*row));
	row->duration_min = NAN;
	row->rpe = NAN;
	row->load = NAN;
	row->energy_kcal = NAN;
	row->avg_hr = NAN;
	row->distance_km = NAN;
	row->pre_mass_kg = NAN;
	row->post_mass_kg = NAN;
	row->fluid_ml = NAN;
	row->temp_c = NAN;
	row->tightness = NAN;
	row->cramp_severity = NAN;
	row->sweat_sodium_mg_l = NAN;
}

void model_hydration_init(struct hydration_row *row)
{
	memset(row, 0, sizeof(*row));
	row->fluid_ml = NAN;
	row->sodium_mg = NAN;
	row->potassium_mg = NAN;
	row->urine_color = NAN;
	row->usg = NAN;
	row->body_mass_kg = NAN;
	row->soreness = NAN;
	row->sleep_h = NAN;
}

void model_diet_init(struct diet_row *row)
{
	memset(row, 0, sizeof(*row));
	row->energy_kcal = NAN;
	row->carbs_g = NAN;
	row->protein_g = NAN;
	row->fat_g = NAN;
	row->sodium_mg = NAN;
	row->potassium_mg = NAN;
	row->fluid_ml = NAN;
}
