/*
 * Unit conversion (see units.h).
 */
#include "units.h"

double units_to_store(enum unit unit, double value)
{
	switch (unit) {
	case UNIT_LB: return value * UNITS_KG_PER_LB;
	case UNIT_US_FL_OZ: return value * UNITS_ML_PER_US_FL_OZ;
	case UNIT_MILE: return value * UNITS_KM_PER_MILE;
	case UNIT_FAHRENHEIT: return (value - 32.0) * 5.0 / 9.0;
	case UNIT_METRE: return value / 1000.0;
	case UNIT_SECOND: return value / 60.0;
	case UNIT_HOUR: return value * 60.0;
	case UNIT_KJ: return value / UNITS_KJ_PER_KCAL;
	case UNIT_SECOND_H: return value / 3600.0;
	default: return value;
	}
}

const char *units_name(enum unit unit)
{
	switch (unit) {
	case UNIT_LB: return "lb";
	case UNIT_US_FL_OZ: return "US fl oz";
	case UNIT_MILE: return "mi";
	case UNIT_FAHRENHEIT: return "°F";
	case UNIT_METRE: return "m";
	case UNIT_SECOND:
	case UNIT_SECOND_H: return "s";
	case UNIT_HOUR: return "h";
	case UNIT_KJ: return "kJ";
	default: return "";
	}
}
