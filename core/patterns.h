/*
 * Pattern counts (issue 17): with binary factors, every session falls in
 * one of a few patterns of its flags (each known false, known true or
 * unknown) and the athlete's cramp history. The 2x2 tables are sums over
 * the patterns, the pooled logistic model is a weighted fit over them, and
 * an athlete's conditional (within-athlete) likelihood depends only on
 * that athlete's pattern counts: the fits' work no longer grows with the
 * sessions once they are counted. The counts come either from an exposure
 * table (pattern_count) or straight from the store's kept exposures
 * (a GROUP BY query, exposure.h); both give the same table.
 */
#ifndef CRAMPLOG_PATTERNS_H
#define CRAMPLOG_PATTERNS_H

#include "exposure.h"

#include <stddef.h>
#include <stdint.h>

/* The flags of a pattern: every factor (enum factor, sodium_deficit
 * included), then history (a cramp in the RISK_HISTORY_DAYS days before
 * the session, risk.h). */
#define PATTERN_HISTORY FACTOR_ALL
#define PATTERN_FLAGS (FACTOR_ALL + 1)

struct pattern {
	size_t athlete;                   /* index into the names */
	signed char flag[PATTERN_FLAGS];  /* enum flag: -1, 0 or 1 */
	uint64_t sessions, cramps;        /* sessions of the pattern, and
					   * those with a cramp */
};

/* Patterns sorted by athlete, then by flags (flag[0] first, -1 < 0 < 1),
 * each (athlete, flags) once and with at least one session. */
struct pattern_table {
	struct pattern *rows;
	size_t count;
	size_t names_count;               /* athletes: indices below this */
};

/* Counts t's sessions (all of them; the caller selects the days by the
 * exposure options) into out, with hist as risk_history_flags gives it
 * (NULL: history FLAG_UNKNOWN in every pattern). The table's memory is
 * the caller's: pattern_table_release frees it. */
void pattern_count(const struct exposure_table *t, const signed char *hist,
		   struct pattern_table *out);
/* The same over the sessions on or before to_day only (the risk model's
 * sessions up to the period's end). */
void pattern_count_until(const struct exposure_table *t,
			 const signed char *hist, int32_t to_day,
			 struct pattern_table *out);
/* The same from the sessions' flags (exposure.h). */
void pattern_count_flags(const struct flags_table *t,
			 const signed char *hist, int32_t to_day,
			 struct pattern_table *out);
void pattern_table_release(struct pattern_table *p);

/* Counts sessions one athlete at a time as they come, in any order within
 * the athlete (the store's kept sessions, exposure_patterns; sessions
 * streamed): add each session's athlete, flags (FACTOR_ALL of them),
 * history and cramp; when the athlete changes, the one before's patterns
 * are appended to out, in the table's order, and the cells emptied for
 * the next. end appends the last athlete's and frees the cells. */
struct pattern_cells;
struct pattern_cells *pattern_cells_new(struct pattern_table *out);
void pattern_cells_add(struct pattern_cells *c, size_t athlete,
		       const signed char *flag, signed char hist, int cramp);
void pattern_cells_end(struct pattern_cells *c);

#endif
