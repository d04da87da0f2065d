/*
 * The range of each stored number, in the store's unit, and that unit (for
 * messages), written once. importers/ checks every column that gives the
 * value, in any format, against it (importers/format.h pastes RANGE_<field>
 * into its column tables); the store's CHECK constraints of the current
 * schema are pasted from it too (RANGE_CHECK below, in core/store.c and
 * core/store_pg.c), so that a value the importer refuses the database
 * refuses as well (tests/importers/test_ranges.c, and tests/integration/ranges.sh
 * on PostgreSQL, try a value just outside each range).
 *
 * RANGE_<field> is "min, max, unit": numbers as C literals, written as SQL
 * reads them too (RANGE_CHECK pastes their text).
 *
 * Which CREATE TABLE text pastes them: on SQLite the statements that made
 * each column as it is today (migrations 2 and 3, which rebuilt the three
 * logs, and the columns 4 and 5 added); migration 1, whose logs are gone,
 * keeps its literal bounds. On PostgreSQL the schema made for a new
 * database (schema_sql); its later migrations their own text. A range
 * changed here therefore reaches new databases alone: it also needs a
 * migration that rebuilds the table's CHECK, for databases made before.
 */
#ifndef CRAMPLOG_RANGES_H
#define CRAMPLOG_RANGES_H

#define RANGE_duration_min 0, 1440, "min"
#define RANGE_rpe 0, 10, ""
#define RANGE_distance_km 0, 1000, "km"
#define RANGE_pre_mass_kg RANGE_body_mass_kg
#define RANGE_post_mass_kg RANGE_body_mass_kg
#define RANGE_body_mass_kg 20, 250, "kg"
#define RANGE_fluid_ml 0, 10000, "ml"
#define RANGE_temp_c -40, 60, "°C"
#define RANGE_tightness 0, 10, ""
#define RANGE_cramp_severity 0, 10, ""
#define RANGE_energy_kcal 0, 20000, "kcal"
#define RANGE_avg_hr 20, 250, "beats/min"
#define RANGE_sweat_sodium_mg_l 100, 5000, "mg/L"
#define RANGE_load 0, 5000, ""
#define RANGE_sodium_mg 0, 20000, "mg"
#define RANGE_potassium_mg 0, 20000, "mg"
#define RANGE_urine_color 1, 8, ""
#define RANGE_usg 1.000, 1.050, ""
#define RANGE_soreness 1, 4, ""
#define RANGE_sleep_h 0, 24, "h"
#define RANGE_carbs_g 0, 2000, "g"
#define RANGE_protein_g 0, 2000, "g"
#define RANGE_fat_g 0, 2000, "g"

/* Values that are no numbers: no range. */
#define RANGE_NONE 0, 0, ""
#define RANGE_date RANGE_NONE
#define RANGE_time RANGE_NONE
#define RANGE_start_time RANGE_NONE
#define RANGE_athlete RANGE_NONE
#define RANGE_team RANGE_NONE
#define RANGE_session RANGE_NONE
#define RANGE_notes RANGE_NONE
#define RANGE_meal RANGE_NONE
#define RANGE_cramp RANGE_NONE
#define RANGE_cramp_muscle RANGE_NONE
#define RANGE_cramp_side RANGE_NONE

/* Every ranged value, X(field, check): check is RANGE_BOTH when the
 * store's CHECK holds both bounds, RANGE_FLOOR when it holds only the
 * lower one: a distance or a training load past the importer's bound is
 * implausible, not impossible, and schema 1 already stored such rows
 * (the importer's bound is the stricter, so nothing it passes is
 * refused by the store). */
#define RANGE_BOTH 0
#define RANGE_FLOOR 1
#define CRAMPLOG_RANGES(X) \
	X(duration_min, RANGE_BOTH) \
	X(rpe, RANGE_BOTH) \
	X(distance_km, RANGE_FLOOR) \
	X(pre_mass_kg, RANGE_BOTH) \
	X(post_mass_kg, RANGE_BOTH) \
	X(body_mass_kg, RANGE_BOTH) \
	X(fluid_ml, RANGE_BOTH) \
	X(temp_c, RANGE_BOTH) \
	X(tightness, RANGE_BOTH) \
	X(cramp_severity, RANGE_BOTH) \
	X(energy_kcal, RANGE_BOTH) \
	X(avg_hr, RANGE_BOTH) \
	X(sweat_sodium_mg_l, RANGE_BOTH) \
	X(load, RANGE_FLOOR) \
	X(sodium_mg, RANGE_BOTH) \
	X(potassium_mg, RANGE_BOTH) \
	X(urine_color, RANGE_BOTH) \
	X(usg, RANGE_BOTH) \
	X(soreness, RANGE_BOTH) \
	X(sleep_h, RANGE_BOTH) \
	X(carbs_g, RANGE_BOTH) \
	X(protein_g, RANGE_BOTH) \
	X(fat_g, RANGE_BOTH)

/* The first and second of RANGE_<field>'s numbers, as C numbers. */
#define RANGE_MIN(field) RANGE_MIN_(RANGE_##field)
#define RANGE_MAX(field) RANGE_MAX_(RANGE_##field)
#define RANGE_UNIT(field) RANGE_UNIT_(RANGE_##field)
#define RANGE_MIN_(...) RANGE_ARG0_(__VA_ARGS__)
#define RANGE_MAX_(...) RANGE_ARG1_(__VA_ARGS__)
#define RANGE_UNIT_(...) RANGE_ARG2_(__VA_ARGS__)
#define RANGE_ARG0_(lo, hi, unit) (lo)
#define RANGE_ARG1_(lo, hi, unit) (hi)
#define RANGE_ARG2_(lo, hi, unit) unit

/* The store's CHECK constraint of column field, as SQL text:
 * "CHECK (rpe BETWEEN 0 AND 10)" (RANGE_CHECK), or only its lower bound,
 * "CHECK (load >= 0)" (RANGE_CHECK_FLOOR, for RANGE_FLOOR above). */
#define RANGE_CHECK(field) RANGE_CHECK_(field, RANGE_##field)
#define RANGE_CHECK_FLOOR(field) RANGE_CHECK_FLOOR_(field, RANGE_##field)
#define RANGE_CHECK_(field, ...) RANGE_SQL_BETWEEN_(field, __VA_ARGS__)
#define RANGE_CHECK_FLOOR_(field, ...) RANGE_SQL_FLOOR_(field, __VA_ARGS__)
#define RANGE_SQL_BETWEEN_(field, lo, hi, unit) \
	"CHECK (" #field " BETWEEN " #lo " AND " #hi ")"
#define RANGE_SQL_FLOOR_(field, lo, hi, unit) "CHECK (" #field " >= " #lo ")"

#endif
