/*
 * Unit conversion into the store's units (kg, ml, km, degrees C), with the
 * exact definitions of the units athletes' files use.
 */
#ifndef CRAMPLOG_UNITS_H
#define CRAMPLOG_UNITS_H

#define UNITS_KG_PER_LB 0.45359237          /* international pound, exact */
#define UNITS_ML_PER_US_FL_OZ 29.5735295625 /* US customary fluid ounce, exact */
#define UNITS_KM_PER_MILE 1.609344          /* international mile, exact */
#define UNITS_KJ_PER_KCAL 4.184           /* thermochemical calorie, exact */
#define UNITS_MG_PER_MMOL_NA 22.99
#define UNITS_MG_PER_MMOL_K 39.10

/* The units a value may come in; each converts to one store unit. */
enum unit {
	UNIT_NONE = 0,  /* already in the store's unit */
	UNIT_LB,        /* to kg */
	UNIT_US_FL_OZ,  /* to ml */
	UNIT_MILE,      /* to km */
	UNIT_FAHRENHEIT,/* to degrees C */
	UNIT_METRE,     /* to km */
	UNIT_SECOND,    /* to minutes */
	UNIT_HOUR,      /* to minutes */
	UNIT_KJ,        /* to kcal (thermochemical: 4.184 kJ) */
	UNIT_SECOND_H   /* seconds, to hours (a night's sleep) */
};

double units_to_store(enum unit unit, double value);
/* The unit's short name as it follows a number ("lb"); "" for UNIT_NONE. */
const char *units_name(enum unit unit);

#endif
