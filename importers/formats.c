/*
 * The list of the formats importers/ reads (each defined by its source's
 * file: native.c, garmin.c, ...), and the telling of a file's format from
 * its header: --format-hint, else an app export whose names the header
 * has, else the native log its column names tell.
 */
#include "pass.h"
#include "text.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The native three first, then the app exports in the order detection
 * tries them. */
static const struct format *const formats[] = {
	&format_training,
	&format_hydration,
	&format_diet,
	&format_garmin,
	&format_strava,
	&format_strava_2019,
	&format_trainingpeaks,
	&format_intervals,
	&format_cronometer,
	&format_cronometer_biometrics,
	&format_trainingpeaks_metrics,
	&format_myfitnesspal,
	&format_intervals_wellness,
	/* Last: its two names are in other exports too. */
	&format_myfitnesspal_measurements,
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))
#define NNATIVE 3

static const struct format *native_format(enum log_kind kind)
{
	for (size_t i = 0; i < NNATIVE; i++)
		if (formats[i]->kind == kind)
			return formats[i];
	return NULL;
}

const char *import_format_names(void)
{
	static char names[256];

	/* Made once from the table, so that the list never falls behind. */
	if (!names[0])
		for (size_t i = NNATIVE, n = 0; i < NFORMATS && n < sizeof(names);
		     i++)
			n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s",
					      i > NNATIVE ? ", " : "",
					      formats[i]->name);
	return names;
}

int import_format_known(const char *name)
{
	for (size_t i = NNATIVE; i < NFORMATS; i++)
		if (strcmp(formats[i]->name, name) == 0)
			return 1;
	return 0;
}

size_t import_header_key(const char *name, size_t len, char *out,
			 size_t size)
{
	size_t n = 0;

	text_trim(&name, &len);
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		else if (c == ' ' || c == '-')
			c = '_';
		if (n + 1 >= size)
			return size;
		out[n++] = c;
	}
	if (size)
		out[n] = '\0';
	return n;
}

int format_stores_nothing(const struct column *c)
{
	return c->type == COL_METRIC_ROW || c->type == COL_MASS_UNIT;
}

int format_same_value(const struct column *m, const struct column *c)
{
	if (!m)
		return 0;
	if (format_stores_nothing(m) || format_stores_nothing(c))
		return m->type == c->type;
	return m->offset == c->offset &&
	       (m->flags & COL_ALSO) == (c->flags & COL_ALSO);
}

/* Whether name (as a table or a signature writes it: "Activity Date" or
 * "activity_date") has the header key key. */
static int key_is(const char *key, const char *name)
{
	char k[64];

	return import_header_key(name, strlen(name), k, sizeof(k)) < sizeof(k) &&
	       strcmp(k, key) == 0;
}

const struct column *format_find_column(const struct format *k,
					const char *key, unsigned nth)
{
	for (size_t i = 0; i < k->ncolumns; i++)
		if (k->columns[i].nth == nth && key_is(key, k->columns[i].name))
			return &k->columns[i];
	return NULL;
}

/* 1 when the column name belongs to native kind k and to no other. */
static int distinctive(const struct format *k, const char *key)
{
	if (!format_find_column(k, key, 0))
		return 0;
	for (size_t i = 0; i < NNATIVE; i++)
		if (formats[i] != k && format_find_column(formats[i], key, 0))
			return 0;
	return 1;
}

/* The header's keys, as import_header_key makes them ("" when too long). */
static char (*header_keys(const struct csv_row *row))[64]
{
	char (*keys)[64] = xcalloc(row->count ? row->count : 1, sizeof(*keys));

	for (size_t f = 0; f < row->count; f++)
		if (import_header_key(row->fields[f].s, row->fields[f].len, keys[f],
				      sizeof(keys[f])) >= sizeof(keys[f]))
			keys[f][0] = '\0';
	return keys;
}

/* Whether the header has the column called name (as key_is matches). */
static int has_key(char (*keys)[64], size_t n, const char *name)
{
	char key[64];

	if (import_header_key(name, strlen(name), key, sizeof(key)) >= sizeof(key))
		return 0;
	for (size_t f = 0; f < n; f++)
		if (strcmp(keys[f], key) == 0)
			return 1;
	return 0;
}

/* How many of a signature's names the header has, and of how many. */
static size_t signature_score(const char *const *sig, char (*keys)[64],
			      size_t n, size_t *of)
{
	size_t hits = 0;

	for (*of = 0; sig[*of]; (*of)++)
		hits += (size_t)has_key(keys, n, sig[*of]);
	return hits;
}

/* An app export whose signature the header has whole, or NULL. */
static const struct format *detect_app(char (*keys)[64], size_t n)
{
	for (size_t i = NNATIVE; i < NFORMATS; i++)
		for (size_t k = 0; k < MAX_SIGNATURES && formats[i]->signatures[k]; k++) {
			size_t of;

			if (signature_score(formats[i]->signatures[k], keys, n, &of) == of)
				return formats[i];
		}
	return NULL;
}

/* Exports of the apps that are not the one cramplog reads from them: the
 * names that tell them, and what to export instead. */
static const struct {
	const char *const names[5];
	const char *what;
} other_exports[] = {
	{ { "Day", "Food Name", "Amount", "Energy (kcal)", NULL },
	  "a Cronometer servings export (servings.csv, a row per food): "
	  "cramplog reads Cronometer's \"Daily Nutrition\" export "
	  "(dailysummary.csv)" },
	{ { "Date", "Exercise", "Exercise Calories", "Exercise Minutes", NULL },
	  "a MyFitnessPal Exercise-Summary: cramplog reads the "
	  "Nutrition-Summary and Measurement-Summary of the same export" },
};

/* When the header is one of other_exports: says so. 0 when it is not. */
static int other_export(struct pass *p, const struct csv_row *row,
			char (*keys)[64])
{
	for (size_t i = 0; i < sizeof(other_exports) / sizeof(other_exports[0]);
	     i++) {
		size_t of;

		if (signature_score(other_exports[i].names, keys, row->count,
				    &of) == of)
			return diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
					"this looks like %s", other_exports[i].what) < 0;
	}
	return 0;
}

/* When no format fits: the app export the header looks most like, and
 * the names it lacks. 0 when it looks like none (half its names or less). */
static int near_app(struct pass *p, const struct csv_row *row,
		    char (*keys)[64])
{
	const struct format *best = NULL;
	const char *const *best_sig = NULL;
	size_t best_hits = 0, best_of = 1;
	struct strbuf missing = STRBUF_INIT;

	for (size_t i = NNATIVE; i < NFORMATS; i++)
		for (size_t k = 0; k < MAX_SIGNATURES && formats[i]->signatures[k]; k++) {
			size_t of, hits = signature_score(formats[i]->signatures[k],
							  keys, row->count, &of);

			if (hits * best_of > best_hits * of) {
				best = formats[i];
				best_sig = formats[i]->signatures[k];
				best_hits = hits;
				best_of = of;
			}
		}
	if (!best || best_hits * 2 <= best_of)
		return 0;
	for (size_t k = 0; best_sig[k]; k++)
		if (!has_key(keys, row->count, best_sig[k]))
			strbuf_addf(&missing, "%s'%s'", missing.len ? ", " : "",
				    best_sig[k]);
	diag_add(p->d, DIAG_ERROR, p->name, row->line, 0, "the header looks like "
		 "a %s (--format-hint %s), but it lacks %s", best->title,
		 best->name, missing.buf);
	strbuf_release(&missing);
	return 1;
}

/* Whether the header contradicts --kind (format k): none of its columns
 * is k's own, and some are another kind's own (a training log's
 * duration_min under --kind diet would store diet rows of only the
 * session's fluid). A header of shared columns only (date, time,
 * athlete, fluid_ml) is what --kind is for. 1 after a message. */
static int kind_contradicted(struct pass *p, const struct csv_row *row,
			     char (*keys)[64], const struct format *k)
{
	struct strbuf own = STRBUF_INIT, other = STRBUF_INIT;
	const struct format *looks = NULL;
	size_t shown = 0;

	for (size_t f = 0; f < row->count; f++)
		if (distinctive(k, keys[f]))
			return 0;
	for (size_t f = 0; f < row->count && shown < 3; f++)
		for (size_t i = 0; i < NNATIVE; i++)
			if (formats[i] != k && distinctive(formats[i], keys[f]) &&
			    (!looks || looks == formats[i])) {
				looks = formats[i];
				strbuf_addf(&other, "%s%s", shown++ ? ", " : "",
					    keys[f]);
			}
	if (!looks)
		return 0;
	for (size_t i = 0, n = 0; i < k->ncolumns && n < 2; i++)
		if (distinctive(k, k->columns[i].name))
			strbuf_addf(&own, "%s%s", n++ ? " or " : "",
				    k->columns[i].name);
	diag_add(p->d, DIAG_ERROR, p->name, row->line, 0, "--kind %s does not "
		 "fit this header, which looks like a %s (%s) and has no column "
		 "only a %s has (such as %s)", k->name, looks->title, other.buf,
		 k->title, own.buf);
	strbuf_release(&own);
	strbuf_release(&other);
	return 1;
}

/* The format of the file: --format-hint, else an app export whose names
 * the header has, else the native kind its names tell (--kind forces
 * one). NULL after a message. */
/* A header of no format: what to give. With --athlete it is an app's
 * export, by the user's word (--kind would lead to another error). */
static void unknown_header(struct pass *p, const struct csv_row *row)
{
	if (p->opt->athlete)
		diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
			 "cannot tell from the header which app exported it "
			 "(use --format-hint: %s); its header is none that "
			 "cramplog knows, in any of the languages "
			 "docs/formats.md lists", import_format_names());
	else
		diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
			 "cannot tell from the header whether this is a "
			 "training, hydration or diet log (use --kind), or "
			 "which app exported it (use --format-hint: %s)",
			 import_format_names());
}

const struct format *format_detect(struct pass *p, const struct csv_row *row)
{
	size_t score[NNATIVE] = { 0 };
	size_t best = 0, nbest = 0, ibest = 0;
	char (*keys)[64];
	const struct format *app;

	if (p->opt->format_hint) {
		for (size_t i = NNATIVE; i < NFORMATS; i++)
			if (strcmp(formats[i]->name, p->opt->format_hint) == 0)
				return formats[i];
		diag_add(p->d, DIAG_ERROR, p->name, 0, 0, "unknown format '%s'",
			 p->opt->format_hint);
		return NULL;
	}
	keys = header_keys(row);
	if (p->kind != KIND_NONE) {
		const struct format *forced = native_format(p->kind);

		if (kind_contradicted(p, row, keys, forced))
			forced = NULL;
		free(keys);
		return forced;
	}
	/* A file with an athlete column is a native log, whatever else. */
	if (!has_key(keys, row->count, "athlete") &&
	    (app = detect_app(keys, row->count))) {
		free(keys);
		return app;
	}
	for (size_t f = 0; f < row->count; f++)
		for (size_t i = 0; i < NNATIVE; i++)
			score[i] += (size_t)distinctive(formats[i], keys[f]);
	for (size_t i = 0; i < NNATIVE; i++) {
		if (score[i] > best) {
			best = score[i];
			nbest = 1;
			ibest = i;
		} else if (score[i] == best && best) {
			nbest++;
		}
	}
	if (nbest != 1) {
		if (!other_export(p, row, keys) && !near_app(p, row, keys))
			unknown_header(p, row);
		free(keys);
		return NULL;
	}
	free(keys);
	return formats[ibest];
}

int format_known_column(const struct format *k, const char *key)
{
	const char *const *names = k->seen;

	for (size_t i = 0; names && names[i]; i++)
		if (key_is(key, names[i]))
			return 1;
	return 0;
}

