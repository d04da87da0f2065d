/*
 * The risk report (see report.h). The words come from the numbers of
 * core/risk.c in one place (report_athlete_items and the section helpers);
 * the four formats only lay them out.
 */
#include "report.h"
#include "calendar.h"
#include "json.h"
#include "text.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A name as text shows it: control characters escaped (text.h). */
static void add_name(struct strbuf *sb, const char *name)
{
	text_add_printable(sb, name, strlen(name), SIZE_MAX);
}

/* The length of the control character above U+007E (DEL, C1, a
 * bidirectional override, text_is_control) that s begins with, written
 * as \uNNNN (\UNNNNNNNN past U+FFFF) into sb after prefix; 0 when s
 * begins with none. */
static size_t add_wide_control(struct strbuf *sb, const char *s,
			       const char *prefix)
{
	uint32_t cp;
	size_t n = text_utf8_decode(s, strlen(s), &cp);

	if (!n || cp < 0x7f || !text_is_control(cp))
		return 0;
	if (cp > 0xffff)
		strbuf_addf(sb, "%s\\U%08x", prefix, (unsigned)cp);
	else
		strbuf_addf(sb, "%s\\u%04x", prefix, (unsigned)cp);
	return n;
}

/* ---- Items: the reasons and actions of one athlete ---- */

static void item_addf(struct report_items *it, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void item_addf(struct report_items *it, const char *fmt, ...)
{
	va_list ap;

	if (it->n == REPORT_MAX_ITEMS)
		return;
	it->off[it->n] = it->text.len;
	va_start(ap, fmt);
	strbuf_vaddf(&it->text, fmt, ap);
	va_end(ap);
	strbuf_addch(&it->text, '\0');
	it->n++;
}

const char *report_item(const struct report_items *items, size_t i)
{
	return items->text.buf + items->off[i];
}

void report_items_release(struct report_items *items)
{
	strbuf_release(&items->text);
	items->n = 0;
}

/* "4 of 6 days" */
static const char *plural(unsigned n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Decimals to show v, below the threshold th, without it looking equal
 * to th: one, else two, else three. */
static int below_prec(double v, double th)
{
	int prec = 1;

	while (prec < 3 && round(v * pow(10, prec)) >= th * pow(10, prec))
		prec++;
	return prec;
}

/* Decimals to show an amount over 0 without it looking like none: one,
 * else two, else three. */
static int amount_prec(double v)
{
	int prec = 1;

	while (prec < 3 && round(v * pow(10, prec)) == 0)
		prec++;
	return prec;
}

/* "Tuesday 2026-10-27" */
static void add_weekday(struct strbuf *sb, int32_t day)
{
	static const char *const names[] = {
		"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
		"Saturday", "Sunday"
	};
	model_date date;

	calendar_format_date(day, date);
	strbuf_addf(sb, "%s %s", names[calendar_weekday(day) - 1], date);
}

/* At risk: a moderate or high risk, or without a risk figure a cramp in
 * the period or the 90 days before it. */
static int at_risk(const struct risk_athlete *a)
{
	if (a->level == RISK_UNKNOWN)
		return a->cramps || a->recent_cramps;
	return a->level >= RISK_MODERATE;
}

/* The day of the most sodium lost in sweat is told of an athlete at risk
 * or in deficit that day (the balance below sodium_deficit_mg). */
static int sweat_deficit(const struct thresholds *th,
			 const struct risk_evidence *ev)
{
	return exposure_under(ev->sweat_balance_mg, th->sodium_deficit_mg);
}

static int sweat_told(const struct thresholds *th,
		      const struct risk_athlete *a)
{
	return !isnan(a->ev.sweat_sodium_mg) &&
	       (at_risk(a) || sweat_deficit(th, &a->ev));
}

/* The reason: that day's sweat and its sodium, against the intake. */
static void sweat_reason(const struct thresholds *th,
			 const struct risk_athlete *a, struct report_items *r)
{
	const struct risk_evidence *ev = &a->ev;
	double lost = ev->sweat_sodium_mg / 1000, in = ev->sweat_intake_mg / 1000;
	struct strbuf day;

	if (!sweat_told(th, a))
		return;
	strbuf_init(&day);
	add_weekday(&day, ev->sweat_day);
	if (isnan(in))
		item_addf(r, "lost about %.*f g of sodium in %.1f L of sweat "
			  "on %s, the most of the period (no sodium intake "
			  "logged that day)", amount_prec(lost), lost,
			  ev->sweat_volume_l, day.buf);
	else
		item_addf(r, "lost about %.*f g of sodium in %.1f L of sweat "
			  "on %s, the most of the period, against %.*f g "
			  "eaten and drunk that day", amount_prec(lost), lost,
			  ev->sweat_volume_l, day.buf, amount_prec(in), in);
	strbuf_release(&day);
}

/* The action, in deficit: replace what the intake fell short of the
 * threshold by (the deficit itself at the default 0). */
static void sweat_action(const struct thresholds *th,
			 const struct risk_athlete *a, struct report_items *act)
{
	const struct risk_evidence *ev = &a->ev;
	double gap = (th->sodium_deficit_mg - ev->sweat_balance_mg) / 1000;
	struct strbuf day;

	if (!sweat_told(th, a) || !sweat_deficit(th, ev))
		return;
	strbuf_init(&day);
	add_weekday(&day, ev->sweat_day);
	item_addf(act, "Replace the sodium lost in sweat: on days like %s, "
		  "about %.*f g more than was eaten and drunk, from salted "
		  "food or an electrolyte drink around sessions.", day.buf,
		  amount_prec(gap), gap);
	strbuf_release(&day);
}

/* The reasons: the cramps, then each factor over its threshold. */
static void athlete_reasons(const struct thresholds *th,
			    const struct risk_athlete *a, struct report_items *r)
{
	const struct risk_evidence *ev = &a->ev;

	if (a->cramps) {
		if (!isnan(a->worst_severity))
			item_addf(r, "cramped in %llu of %llu %s in the period "
				  "(worst severity %g of 10)",
				  (unsigned long long)a->cramps,
				  (unsigned long long)a->sessions,
				  plural((unsigned)a->sessions, "session", "sessions"),
				  a->worst_severity);
		else
			item_addf(r, "cramped in %llu of %llu %s in the period",
				  (unsigned long long)a->cramps,
				  (unsigned long long)a->sessions,
				  plural((unsigned)a->sessions, "session", "sessions"));
	}
	if (a->recent_cramps)
		item_addf(r, "%llu cramp %s in the last %d days, the strongest "
			  "known predictor of the next",
			  (unsigned long long)a->recent_cramps,
			  plural((unsigned)a->recent_cramps, "episode", "episodes"),
			  RISK_HISTORY_DAYS);
	if (ev->mass_loss.on && !isnan(ev->mass_loss_kg_worst))
		item_addf(r, "body-mass loss over %g%% in %u of %u weighed %s "
			  "(worst %.1f%%, %.1f kg)", th->body_mass_loss_pct,
			  ev->mass_loss.on, ev->mass_loss.known,
			  plural(ev->mass_loss.known, "session", "sessions"),
			  ev->mass_loss.worst, ev->mass_loss_kg_worst);
	else if (ev->mass_loss.on)
		item_addf(r, "body-mass loss over %g%% in %u of %u weighed %s "
			  "(worst %.1f%%)", th->body_mass_loss_pct,
			  ev->mass_loss.on, ev->mass_loss.known,
			  plural(ev->mass_loss.known, "session", "sessions"),
			  ev->mass_loss.worst);
	sweat_reason(th, a, r);
	if (ev->usg.on)
		item_addf(r, "morning urine specific gravity over %.3f on %u of "
			  "%u %s (highest %.3f)", th->usg, ev->usg.on,
			  ev->usg.known, plural(ev->usg.known, "day", "days"),
			  ev->usg.worst);
	if (ev->urine_color.on)
		item_addf(r, "morning urine colour %g or darker on %u of %u %s "
			  "(darkest %g)", th->urine_color, ev->urine_color.on,
			  ev->urine_color.known,
			  plural(ev->urine_color.known, "day", "days"),
			  ev->urine_color.worst);
	if (ev->sodium.on)
		item_addf(r, "sodium %.*f g/day on %u of %u logged %s, below "
			  "%g g", below_prec(ev->sodium.mean_on / 1000,
					     th->sodium_mg / 1000),
			  ev->sodium.mean_on / 1000, ev->sodium.on,
			  ev->sodium.known, plural(ev->sodium.known, "day", "days"),
			  th->sodium_mg / 1000);
	if (ev->potassium.on)
		item_addf(r, "potassium %.*f g/day on %u of %u logged %s, "
			  "below %g g", below_prec(ev->potassium.mean_on / 1000,
						   th->potassium_mg / 1000),
			  ev->potassium.mean_on / 1000,
			  ev->potassium.on, ev->potassium.known,
			  plural(ev->potassium.known, "day", "days"),
			  th->potassium_mg / 1000);
	if (ev->carbs.on)
		item_addf(r, "carbohydrate %.*f g/kg/day on %u of %u logged "
			  "%s, below %g g/kg",
			  below_prec(ev->carbs.mean_on, th->carbs_g_per_kg),
			  ev->carbs.mean_on, ev->carbs.on,
			  ev->carbs.known, plural(ev->carbs.known, "day", "days"),
			  th->carbs_g_per_kg);
	if (ev->tightness.on)
		item_addf(r, "hamstring tightness %g or more before %u of %u "
			  "scored %s (highest %g of 10)", th->tightness,
			  ev->tightness.on, ev->tightness.known,
			  plural(ev->tightness.known, "session", "sessions"),
			  ev->tightness.worst);
	if (ev->acwr.on)
		item_addf(r, "acute:chronic workload ratio %g or more on %u of "
			  "%u %s (highest %.2f; a disputed heuristic: context, "
			  "not a verdict)", th->acwr, ev->acwr.on, ev->acwr.known,
			  plural(ev->acwr.known, "day", "days"), ev->acwr.worst);
	if (r->n == 0)
		item_addf(r, "no factor over its threshold in the period, and "
			  "no cramp in the last %d days", RISK_HISTORY_DAYS);
}

/* The actions, the most urgent first. */
static void athlete_actions(const struct thresholds *th,
			    const struct risk_athlete *a,
			    struct report_items *act)
{
	const struct risk_evidence *ev = &a->ev;

	if (a->cramps && a->worst_severity >= RISK_SEVERE)
		item_addf(act, "After the severe cramp (severity %g), treat the "
			  "muscle like a hamstring strain: no hard training "
			  "until a sports-injury professional has seen it.",
			  a->worst_severity);
	if (ev->mass_loss.on && !isnan(ev->mass_loss_kg_worst))
		item_addf(act, "Replace the measured fluid loss: about 1.5 L "
			  "with sodium for each kg lost (the worst session, "
			  "%.1f kg: about %.1f L), and drink during sessions to "
			  "keep the loss under %g%%.", ev->mass_loss_kg_worst,
			  1.5 * ev->mass_loss_kg_worst, th->body_mass_loss_pct);
	else if (ev->mass_loss.on)
		item_addf(act, "Replace the measured fluid loss: about 1.5 L "
			  "with sodium for each kg lost, and drink during "
			  "sessions to keep the loss under %g%%.",
			  th->body_mass_loss_pct);
	sweat_action(th, a, act);
	if (ev->usg.on || ev->urine_color.on)
		item_addf(act, "Start the day hydrated: drink through the "
			  "previous day so that morning urine is pale (colour "
			  "under %g, specific gravity at most %.3f).",
			  th->urine_color, th->usg);
	if (ev->sodium.on)
		item_addf(act, "Add sodium to reach at least %g g a day: salted "
			  "food, or an electrolyte drink around sessions (sweat "
			  "carries about 0.8 g of sodium per litre).",
			  th->sodium_mg / 1000);
	if (ev->potassium.on)
		item_addf(act, "Eat potassium-rich food (potatoes, beans, "
			  "bananas, yoghurt) to reach at least %g g a day.",
			  th->potassium_mg / 1000);
	if (ev->carbs.on && !isnan(ev->body_mass_kg))
		item_addf(act, "Reach the carbohydrate target: at least %g g/kg "
			  "a day (5-7 for moderate training, 6-10 for high), "
			  "%.0f g a day at %.1f kg.", th->carbs_g_per_kg,
			  th->carbs_g_per_kg * ev->body_mass_kg, ev->body_mass_kg);
	else if (ev->carbs.on)
		item_addf(act, "Reach the carbohydrate target: at least %g g/kg "
			  "a day (5-7 for moderate training, 6-10 for high).",
			  th->carbs_g_per_kg);
	if (ev->tightness.on)
		item_addf(act, "Stretch and mobilise the hamstrings daily, and "
			  "have tightness that stays at %g or more checked by "
			  "the physiotherapist.", th->tightness);
	if (ev->acwr.on)
		item_addf(act, "Manage the load spike: bring the coming week's "
			  "load nearer the 28-day average (a ratio of 0.8 to "
			  "1.3).");
	if (a->recent_cramps || a->cramps)
		item_addf(act, "Have a plan for a bout: stop, stretch and "
			  "massage the cramping muscle.");
	if (act->n == 0)
		item_addf(act, "Nothing to change: keep logging.");
}

void report_athlete_items(const struct report_input *in,
			  const struct risk_athlete *a,
			  struct report_items *r, struct report_items *act)
{
	strbuf_init(&r->text);
	strbuf_init(&act->text);
	r->n = act->n = 0;
	athlete_reasons(in->th, a, r);
	athlete_actions(in->th, a, act);
}

/* ---- Shared wording ---- */

static void add_period(struct strbuf *sb, const struct report_input *in)
{
	model_date from, to;

	calendar_format_date(in->risk->from_day, from);
	calendar_format_date(in->risk->to_day, to);
	if (in->week)
		strbuf_addf(sb, "week %s (%s to %s)", in->week, from, to);
	else
		strbuf_addf(sb, "%s to %s", from, to);
}

static double share(uint64_t on, uint64_t known)
{
	return known ? 100.0 * (double)on / (double)known : NAN;
}

/* "12% (5 of 41)", or "not known" */
static void add_share(struct strbuf *sb, uint64_t on, uint64_t known)
{
	if (!known)
		strbuf_addstr(sb, "not known");
	else
		strbuf_addf(sb, "%.0f%% (%llu of %llu)", share(on, known),
			    (unsigned long long)on, (unsigned long long)known);
}

static void add_squad_line(struct strbuf *sb, const struct report_input *in)
{
	const struct risk_report *r = in->risk;

	strbuf_addf(sb, "%llu %s of %zu %s, %llu with a cramp",
		    (unsigned long long)r->sessions,
		    plural((unsigned)r->sessions, "session", "sessions"),
		    in->squad_athletes,
		    plural((unsigned)in->squad_athletes, "athlete", "athletes"),
		    (unsigned long long)r->cramps);
	if (r->sessions)
		strbuf_addf(sb, " (%.1f%%)", share(r->cramps, r->sessions));
	if (r->sessions_before)
		strbuf_addf(sb, "; before: %.1f%% of %llu sessions",
			    share(r->cramps_before, r->sessions_before),
			    (unsigned long long)r->sessions_before);
	strbuf_addch(sb, '.');
}

/* "No session in the period: A, B." */
static void add_idle_line(struct strbuf *sb, const struct report_input *in)
{
	const struct risk_report *r = in->risk;

	strbuf_addstr(sb, "No session in the period:");
	for (size_t i = 0; i < r->nidle; i++) {
		strbuf_addstr(sb, i ? ", " : " ");
		add_name(sb, in->table->names[r->idle[i]]);
	}
	strbuf_addch(sb, '.');
}

static void add_episode(struct strbuf *sb, const struct report_input *in,
			const struct risk_episode *ep, int with_name)
{
	strbuf_addstr(sb, ep->date);
	if (ep->start_time[0])
		strbuf_addf(sb, " %.5s", ep->start_time);
	if (with_name) {
		strbuf_addch(sb, ' ');
		add_name(sb, in->table->names[ep->athlete]);
		strbuf_addch(sb, ':');
	}
	strbuf_addf(sb, " %s", ep->muscle ? ep->muscle : "muscle not given");
	if (model_side_name(ep->side))
		strbuf_addf(sb, ", %s", model_side_name(ep->side));
	if (!isnan(ep->severity))
		strbuf_addf(sb, ", severity %g", ep->severity);
}

/* "12.4% per session (95% CI 5.1 to 26.8%), 3.3 times the squad's 3.8%" */
static void add_risk(struct strbuf *sb, const struct risk_report *r,
		     const struct risk_athlete *a)
{
	if (isnan(a->risk))
		strbuf_addstr(sb, "no risk figure (see the model)");
	else
		strbuf_addf(sb, "%.1f%% per session (95%% CI %.1f to %.1f%%), "
			    "%.1f times the squad's %.1f%%", 100 * a->risk,
			    100 * a->risk_low, 100 * a->risk_high, a->ratio,
			    100 * r->model.base_rate);
}

static void add_model_sentence(struct strbuf *sb, const struct risk_report *r)
{
	const struct risk_model *m = &r->model;

	if (!m->fitted && m->sessions == 0) {
		strbuf_addf(sb, "No risk figures: %s. What follows describes "
			    "the logs; it is not inference.", m->reason);
		return;
	}
	if (!m->fitted) {
		strbuf_addf(sb, "No risk figures: %s (%llu %s among %llu "
			    "sessions with every factor known; about %d are "
			    "needed for a model, 20 to 50 to see moderate "
			    "associations). What follows describes the logs; it "
			    "is not inference.", m->reason,
			    (unsigned long long)m->cramps,
			    plural((unsigned)m->cramps, "episode", "episodes"),
			    (unsigned long long)m->sessions, RISK_MIN_EPISODES);
		return;
	}
	strbuf_addf(sb, "The risk is a pooled logistic regression (%s) of a "
		    "cramp on the factors and on a cramp in the %d days "
		    "before, over the %llu sessions up to the period's end "
		    "with every factor known (%llu with a cramp: a base rate "
		    "of %.1f%%), applied to each athlete's latest exposures; "
		    "a factor unknown all period counts at the squad's share. "
		    "Levels: high at %g times the base rate or more, "
		    "moderate from %g times, low below.",
		    m->method == STATS_FIRTH ? "Firth's penalized likelihood" :
					       "maximum likelihood",
		    RISK_HISTORY_DAYS, (unsigned long long)m->sessions,
		    (unsigned long long)m->cramps, 100 * m->base_rate,
		    RISK_HIGH_RATIO, RISK_MODERATE_RATIO);
	if (m->cramps < 20)
		strbuf_addf(sb, " With %llu episodes the model sees only large "
			    "effects (20 to 50 are needed for moderate ones): "
			    "read the figures as rough.",
			    (unsigned long long)m->cramps);
}

/* How good the risk has been in the backtest up to the period's end: the
 * AUC against history alone and the calibration slope, or why it cannot
 * tell (docs/validation.md). */
static void add_backtest_sentence(struct strbuf *sb,
				  const struct backtest_summary *b)
{
	if (b->weeks == 0) {
		strbuf_addstr(sb, "Backtest: no earlier week could be scored "
			      "yet (each week is scored by the model fitted "
			      "on the weeks before it), so nothing shows yet "
			      "how good this risk is.");
		return;
	}
	strbuf_addf(sb, "Backtest: over %zu %s up to this period, each "
		    "session scored with the risk of the report of the week "
		    "before (%zu sessions, %llu cramps), ", b->weeks,
		    b->weeks == 1 ? "week" : "weeks", b->sessions,
		    (unsigned long long)b->cramps);
	if (!b->enough) {
		strbuf_addf(sb, "there are too few cramps to tell how "
			    "good this risk is (at least %d are needed).",
			    BACKTEST_MIN_CRAMPS);
		return;
	}
	if (backtest_one_outcome(b)) {
		strbuf_addstr(sb, "every one of them had a cramp, so nothing "
			      "shows yet how good this risk is: judging how it "
			      "ranks sessions needs some without a cramp too.");
		return;
	}
	strbuf_addf(sb, "the risk ranked a session that cramped above one "
		    "that did not %.0f%% of the time (95%% CI %.0f to %.0f%%; "
		    "50%% is a coin toss); history alone: %.0f%%. ",
		    100 * b->auc[BACKTEST_MODEL].auc,
		    100 * b->auc[BACKTEST_MODEL].low,
		    100 * b->auc[BACKTEST_MODEL].high,
		    100 * b->auc[BACKTEST_HISTORY].auc);
	if (b->auc_p < 0.05 && b->auc_difference > 0)
		strbuf_addf(sb, "It has done better than history alone "
			    "(DeLong p = %.2g). ", b->auc_p);
	else
		strbuf_addf(sb, "It has not beaten history alone (DeLong "
			    "p = %.2g): the factors add nothing yet that the "
			    "data can show. ", b->auc_p);
	strbuf_addf(sb, "Calibration slope %.2f (1: the risks are the "
		    "right size; below 1 they spread too far).",
		    b->cal[BACKTEST_MODEL].slope);
}

static const char association_line[] =
	"This report shows associations in the logs, not a diagnosis: an "
	"athlete who cramps often or badly should see a sports-medicine "
	"professional.";

/* ---- Text ---- */

static const char *level_colour(enum risk_level l)
{
	switch (l) {
	case RISK_HIGH:
		return "\033[1;31m";
	case RISK_MODERATE:
		return "\033[33m";
	case RISK_LOW:
		return "\033[32m";
	case RISK_UNKNOWN:
		break;
	}
	return "";
}

static void wrap(struct strbuf *out, const char *first, const char *indent,
		 const struct strbuf *text)
{
	strbuf_addstr(out, first);
	text_wrap(out, text->buf, indent, 78 - strlen(first));
}

static void pad(struct strbuf *sb, const char *s, size_t width);

/* Wraps the heading of athlete a, then colours its level: the colour
 * codes take no room on the screen, so they must not count in the
 * folding. */
static void wrap_coloured(struct strbuf *out, const char *first,
			  const struct strbuf *text, const struct risk_athlete *a,
			  const char *name)
{
	struct strbuf w = STRBUF_INIT;
	const char *level = risk_level_name(a->level);
	size_t skip = 0, i, n = strlen(level);

	wrap(&w, first, "    ", text);
	/* Folding only changes the spaces: the level begins after as many
	 * other characters as "NAME: " has. */
	for (const char *c = name; *c; c++)
		skip += *c != ' ';
	skip += 1;                                   /* the ':' */
	for (i = strlen(first); i < w.len && skip; i++)
		skip -= w.buf[i] != ' ' && w.buf[i] != '\n';
	while (i < w.len && (w.buf[i] == ' ' || w.buf[i] == '\n'))
		i++;
	if (skip || i + n > w.len || memcmp(w.buf + i, level, n) != 0) {
		strbuf_addstr(out, w.buf);
	} else {
		strbuf_add(out, w.buf, i);
		strbuf_addf(out, "%s%s\033[0m%s", level_colour(a->level), level,
			    w.buf + i + n);
	}
	strbuf_release(&w);
}

/* s in at most width columns: cut with "..." when longer, then padded. */
static void pad_cut(struct strbuf *sb, const char *s, size_t width)
{
	size_t w = text_width(s, strlen(s)), cols = 0, i = 0;

	if (w <= width) {
		pad(sb, s, width);
		return;
	}
	/* Keep whole code points up to width - 3 columns. */
	while (s[i] && cols < width - 3) {
		size_t j = i + 1;

		while (((unsigned char)s[j] & 0xC0) == 0x80)
			j++;
		i = j;
		cols++;
	}
	strbuf_add(sb, s, i);
	strbuf_addstr(sb, "...");
}

static void pad(struct strbuf *sb, const char *s, size_t width)
{
	size_t w = text_width(s, strlen(s));

	strbuf_addstr(sb, s);
	while (w++ < width)
		strbuf_addch(sb, ' ');
}

/* The squad: the line, the episodes, each factor's share, the idle. */
static void text_squad(struct strbuf *o, const struct report_input *in,
		       struct strbuf *s)
{
	const struct risk_report *r = in->risk;
	size_t width = 18;

	strbuf_reset(s);
	add_squad_line(s, in);
	wrap(o, "  ", "  ", s);
	if (r->nepisodes) {
		strbuf_addstr(o, "  Cramp episodes:\n");
		for (size_t i = 0; i < r->nepisodes; i++) {
			strbuf_reset(s);
			add_episode(s, in, &r->episodes[i], 1);
			wrap(o, "    ", "      ", s);
		}
	}
	/* The period's column as wide as its widest share and a space (a
	 * federation's counts run past the usual 18). */
	for (int f = 0; f < FACTOR_COUNT; f++) {
		strbuf_reset(s);
		add_share(s, r->factor_on[f], r->factor_known[f]);
		if (s->len + 1 > width)
			width = s->len + 1;
	}
	strbuf_addstr(o, "  Sessions with each factor, of those where it "
		      "was known:\n    factor            ");
	pad(o, "this period", width);
	strbuf_addstr(o, "before\n");
	for (int f = 0; f < FACTOR_COUNT; f++) {
		strbuf_reset(s);
		add_share(s, r->factor_on[f], r->factor_known[f]);
		strbuf_addstr(o, "    ");
		pad(o, exposure_factor_name((enum factor)f), 18);
		pad(o, s->buf, width);
		strbuf_reset(s);
		add_share(s, r->usual_on[f], r->usual_known[f]);
		strbuf_addf(o, "%s\n", s->buf);
	}
	if (r->nidle) {
		strbuf_reset(s);
		add_idle_line(s, in);
		wrap(o, "  ", "  ", s);
	}
}

/* The table of the athletes, most at risk first. */
static void text_ranking(struct strbuf *o, const struct report_input *in,
			 struct strbuf *s)
{
	const struct risk_report *r = in->risk;

	strbuf_addstr(o, "\nATHLETES, MOST AT RISK FIRST\n     ");
	pad(o, "athlete", 24);
	strbuf_addstr(o, "    risk  level     sessions  cramps\n");
	for (size_t i = 0; i < r->nathletes; i++) {
		const struct risk_athlete *a = &r->athletes[i];

		strbuf_reset(s);
		add_name(s, a->name);
		strbuf_addf(o, "  %2zu ", a->rank);
		pad_cut(o, s->buf, 24);
		if (isnan(a->risk))
			strbuf_addstr(o, "      -  ");
		else
			strbuf_addf(o, " %6.1f%%  ", 100 * a->risk);
		if (in->color && a->level != RISK_UNKNOWN)
			strbuf_addf(o, "%s%-8s\033[0m", level_colour(a->level),
				    risk_level_name(a->level));
		else
			strbuf_addf(o, "%-8s", risk_level_name(a->level));
		strbuf_addf(o, "  %8llu  %6llu\n",
			    (unsigned long long)a->sessions,
			    (unsigned long long)a->cramps);
	}
}

/* "    Why:" and each item, folded. */
static void text_items(struct strbuf *o, const char *title,
		       const struct report_items *it, struct strbuf *s)
{
	strbuf_addstr(o, title);
	for (size_t k = 0; k < it->n; k++) {
		strbuf_reset(s);
		strbuf_addstr(s, report_item(it, k));
		wrap(o, "    - ", "      ", s);
	}
}

/* One athlete: the heading with the risk, why, what to do. */
static void text_athlete(struct strbuf *o, const struct report_input *in,
			 const struct risk_athlete *a, struct strbuf *s)
{
	struct strbuf name = STRBUF_INIT;
	struct report_items why, todo;
	char first[32];

	report_athlete_items(in, a, &why, &todo);
	add_name(&name, a->name);
	strbuf_reset(s);
	strbuf_addf(s, "%s: ", name.buf);
	if (a->level == RISK_UNKNOWN) {
		strbuf_addstr(s, "risk not estimated, description only.");
	} else {
		strbuf_addf(s, "%s risk, ", risk_level_name(a->level));
		add_risk(s, in->risk, a);
		strbuf_addch(s, '.');
	}
	snprintf(first, sizeof(first), "\n%2zu. ", a->rank);
	if (in->color)
		wrap_coloured(o, first, s, a, name.buf);
	else
		wrap(o, first, "    ", s);
	text_items(o, "    Why:\n", &why, s);
	text_items(o, "    What to do:\n", &todo, s);
	report_items_release(&why);
	report_items_release(&todo);
	strbuf_release(&name);
}

static void text_report(struct strbuf *o, const struct report_input *in)
{
	const struct risk_report *r = in->risk;
	struct strbuf s = STRBUF_INIT;

	strbuf_addstr(o, "cramplog risk report, ");
	add_period(o, in);
	strbuf_addstr(o, "\n\nTHE SQUAD\n");
	text_squad(o, in, &s);
	text_ranking(o, in, &s);
	for (size_t i = 0; i < r->nathletes; i++)
		text_athlete(o, in, &r->athletes[i], &s);
	strbuf_addstr(o, "\nTHE MODEL\n");
	strbuf_reset(&s);
	add_model_sentence(&s, r);
	wrap(o, "  ", "  ", &s);
	if (in->backtest) {
		strbuf_reset(&s);
		add_backtest_sentence(&s, in->backtest);
		wrap(o, "  ", "  ", &s);
	}
	if (r->model.fitted) {
		strbuf_addstr(o, "  term                 OR  95% CI                 p\n");
		for (size_t k = 0; k < r->model.nterms; k++)
			strbuf_addf(o, "  %-16s %6.2f  %6.2f to %-6.2f  %9.3f\n",
				    risk_term_name(r->model.term[k]),
				    r->model.odds_ratio[k], r->model.ci_low[k],
				    r->model.ci_high[k], r->model.p[k]);
	}
	strbuf_reset(&s);
	strbuf_addstr(&s, association_line);
	strbuf_addch(o, '\n');
	wrap(o, "", "", &s);
	strbuf_release(&s);
}

/* ---- Markdown and HTML: one layout each, the same parts ---- */

/* s with the characters markdown would read as markup backslashed, and
 * control characters as spaces. */
static void md_add(struct strbuf *sb, const char *s)
{
	for (size_t n; *s; s++) {
		if ((n = add_wide_control(sb, s, "\\")) > 0) {
			s += n - 1;
			continue;
		}
		if (strchr("\\`*_[]<>#|~&", *s))
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, (unsigned char)*s < 0x20 ? ' ' : *s);
	}
}

static void html_add(struct strbuf *sb, const char *s)
{
	for (size_t n; *s; s++) {
		if ((n = add_wide_control(sb, s, "")) > 0) {
			s += n - 1;
			continue;
		}
		switch (*s) {
		case '&':
			strbuf_addstr(sb, "&amp;");
			break;
		case '<':
			strbuf_addstr(sb, "&lt;");
			break;
		case '>':
			strbuf_addstr(sb, "&gt;");
			break;
		case '"':
			strbuf_addstr(sb, "&quot;");
			break;
		case '\'':
			strbuf_addstr(sb, "&#39;");
			break;
		default:
			strbuf_addch(sb, (unsigned char)*s < 0x20 ? ' ' : *s);
		}
	}
}

/* How a format writes paragraphs, lists and tables, and escapes text. */
struct layout {
	void (*esc)(struct strbuf *, const char *);
	const char *para_open, *para_close;
	const char *list_open, *item_open, *item_close, *list_close;
	const char *table_open, *table_close;
	int html;
};

static const struct layout md_layout = {
	md_add, "", "\n\n", "", "- ", "\n", "\n", "", "\n", 0
};

static const struct layout html_layout = {
	html_add, "<p>", "</p>\n", "<ul>\n", "<li>", "</li>\n", "</ul>\n",
	"<div class=\"scroll\"><table>\n", "</tbody></table></div>\n", 1
};

static void para(struct strbuf *o, const struct layout *L, const char *text)
{
	strbuf_addstr(o, L->para_open);
	L->esc(o, text);
	strbuf_addstr(o, L->para_close);
}

static void list(struct strbuf *o, const struct layout *L,
		 const struct report_items *it)
{
	strbuf_addstr(o, L->list_open);
	for (size_t k = 0; k < it->n; k++) {
		strbuf_addstr(o, L->item_open);
		L->esc(o, report_item(it, k));
		strbuf_addstr(o, L->item_close);
	}
	strbuf_addstr(o, L->list_close);
}

/* A table's header: names, and for each whether it is a number (right
 * aligned). */
static void table_head(struct strbuf *o, const struct layout *L, size_t n,
		       const char *const *names, const char *numeric)
{
	strbuf_addstr(o, L->table_open);
	strbuf_addstr(o, L->html ? "<thead><tr>" : "|");
	for (size_t i = 0; i < n; i++)
		if (L->html)
			strbuf_addf(o, "<th%s>%s</th>", numeric[i] == 'n' ?
				    " class=\"n\"" : "", names[i]);
		else
			strbuf_addf(o, " %s |", names[i]);
	if (L->html) {
		strbuf_addstr(o, "</tr></thead>\n<tbody>\n");
		return;
	}
	strbuf_addstr(o, "\n|");
	for (size_t i = 0; i < n; i++)
		strbuf_addstr(o, numeric[i] == 'n' ? "---:|" : "---|");
	strbuf_addch(o, '\n');
}

/* A row of cells, each escaped. */
static void table_row(struct strbuf *o, const struct layout *L, size_t n,
		      const char *const *cells, const char *numeric)
{
	strbuf_addstr(o, L->html ? "<tr>" : "|");
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(o, !L->html ? " " : numeric[i] == 'n' ?
			      "<td class=\"n\">" : "<td>");
		L->esc(o, cells[i]);
		strbuf_addstr(o, L->html ? "</td>" : " |");
	}
	strbuf_addstr(o, L->html ? "</tr>\n" : "\n");
}

/* The squad at a glance: the line, the episodes, the factors, the idle. */
static void squad_part(struct strbuf *o, const struct layout *L,
		       const struct report_input *in, struct strbuf *s)
{
	static const char *const head[] = { "factor",
		"sessions with it, this period", "before" };
	const struct risk_report *r = in->risk;

	strbuf_reset(s);
	add_squad_line(s, in);
	para(o, L, s->buf);
	if (r->nepisodes) {
		para(o, L, "Cramp episodes:");
		strbuf_addstr(o, L->list_open);
		for (size_t i = 0; i < r->nepisodes; i++) {
			strbuf_reset(s);
			add_episode(s, in, &r->episodes[i], 1);
			strbuf_addstr(o, L->item_open);
			L->esc(o, s->buf);
			strbuf_addstr(o, L->item_close);
		}
		strbuf_addstr(o, L->list_close);
	}
	table_head(o, L, 3, head, "-nn");
	for (int f = 0; f < FACTOR_COUNT; f++) {
		struct strbuf now = STRBUF_INIT, before = STRBUF_INIT;
		const char *cells[3];

		add_share(&now, r->factor_on[f], r->factor_known[f]);
		add_share(&before, r->usual_on[f], r->usual_known[f]);
		cells[0] = exposure_factor_name((enum factor)f);
		cells[1] = now.buf;
		cells[2] = before.buf;
		table_row(o, L, 3, cells, "-nn");
		strbuf_release(&now);
		strbuf_release(&before);
	}
	strbuf_addstr(o, L->table_close);
	if (r->nidle) {
		strbuf_reset(s);
		add_idle_line(s, in);
		para(o, L, s->buf);
	}
}

/* One athlete: the risk line, why, what to do. */
static void athlete_part(struct strbuf *o, const struct layout *L,
			 const struct report_input *in, size_t i,
			 struct strbuf *s)
{
	const struct risk_athlete *a = &in->risk->athletes[i];
	const char *level = risk_level_name(a->level);
	struct report_items why, todo;

	report_athlete_items(in, a, &why, &todo);
	if (L->html)
		strbuf_addf(o, "<article id=\"a%zu\" class=\"%s\">\n<h3>",
			    a->rank, level);
	else
		strbuf_addstr(o, "### ");
	strbuf_addf(o, "%zu. ", a->rank);
	L->esc(o, a->name);
	if (L->html)
		strbuf_addf(o, " <span class=\"level %s\">%s</span></h3>\n",
			    level, a->level == RISK_UNKNOWN ?
			    "risk not estimated" : level);
	else
		strbuf_addf(o, ": %s%s\n\n", a->level == RISK_UNKNOWN ?
			    "risk not estimated" : level,
			    a->level == RISK_UNKNOWN ? "" : " risk");
	strbuf_reset(s);
	if (a->level == RISK_UNKNOWN)
		strbuf_addstr(s, "Description only.");
	else {
		add_risk(s, in->risk, a);
		strbuf_addch(s, '.');
	}
	para(o, L, s->buf);
	strbuf_addstr(o, L->html ? "<p><strong>Why</strong></p>\n" :
				  "Why:\n\n");
	list(o, L, &why);
	strbuf_addstr(o, L->html ? "<p><strong>What to do</strong></p>\n" :
				  "What to do:\n\n");
	list(o, L, &todo);
	if (L->html)
		strbuf_addstr(o, "</article>\n");
	report_items_release(&why);
	report_items_release(&todo);
}

/* The model: the sentence, the backtest's, the terms. */
static void model_part(struct strbuf *o, const struct layout *L,
		       const struct report_input *in, struct strbuf *s)
{
	static const char *const head[] = { "term", "odds ratio", "95% CI", "p" };
	const struct risk_report *r = in->risk;

	strbuf_reset(s);
	add_model_sentence(s, r);
	para(o, L, s->buf);
	if (in->backtest) {
		strbuf_reset(s);
		add_backtest_sentence(s, in->backtest);
		para(o, L, s->buf);
	}
	if (r->model.fitted) {
		table_head(o, L, 4, head, "-nnn");
		for (size_t k = 0; k < r->model.nterms; k++) {
			char or[32], ci[64], p[32];
			const char *cells[4] = { risk_term_name(r->model.term[k]), or,
						 ci, p };

			snprintf(or, sizeof(or), "%.2f", r->model.odds_ratio[k]);
			snprintf(ci, sizeof(ci), "%.2f to %.2f", r->model.ci_low[k],
				 r->model.ci_high[k]);
			snprintf(p, sizeof(p), "%.3f", r->model.p[k]);
			table_row(o, L, 4, cells, "-nnn");
		}
		strbuf_addstr(o, L->table_close);
	}
}

static void md_report(struct strbuf *o, const struct report_input *in)
{
	static const char *const head[] = { "#", "athlete", "risk", "level",
		"cramps / sessions" };
	const struct layout *L = &md_layout;
	const struct risk_report *r = in->risk;
	struct strbuf s = STRBUF_INIT;

	strbuf_addstr(o, "# Cramp risk, ");
	add_period(o, in);
	strbuf_addstr(o, "\n\n## The squad\n\n");
	squad_part(o, L, in, &s);
	strbuf_addstr(o, "## Athletes, most at risk first\n\n");
	table_head(o, L, 5, head, "n-n-n");
	for (size_t i = 0; i < r->nathletes; i++) {
		const struct risk_athlete *a = &r->athletes[i];
		char rank[24], risk[24], counts[48];
		const char *cells[5] = { rank, a->name, risk,
					 risk_level_name(a->level), counts };

		snprintf(rank, sizeof(rank), "%zu", a->rank);
		if (isnan(a->risk))
			snprintf(risk, sizeof(risk), "-");
		else
			snprintf(risk, sizeof(risk), "%.1f%%", 100 * a->risk);
		snprintf(counts, sizeof(counts), "%llu / %llu",
			 (unsigned long long)a->cramps,
			 (unsigned long long)a->sessions);
		table_row(o, L, 5, cells, "n-n-n");
	}
	strbuf_addstr(o, L->table_close);
	for (size_t i = 0; i < r->nathletes; i++)
		athlete_part(o, L, in, i, &s);
	strbuf_addstr(o, "## The model\n\n");
	model_part(o, L, in, &s);
	strbuf_addf(o, "%s\n", association_line);
	strbuf_release(&s);
}

static const char html_style[] =
	"<style>\n"
	":root{--high:#b3261e;--moderate:#8a5a00;--low:#1e6b35;--line:#d0d4da}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,"
	"sans-serif;color:#1b1f24;background:#fff}\n"
	"main{max-width:52rem;margin:0 auto;padding:1rem}\n"
	"h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin-top:2rem;"
	"border-bottom:1px solid var(--line)}h3{font-size:1.05rem;margin:0 0 .3rem}\n"
	".period{color:#555;margin-top:0}\n"
	".scroll{overflow-x:auto}\n"
	"table{border-collapse:collapse;width:100%;font-size:.95rem}\n"
	"th,td{padding:.3rem .5rem;border-bottom:1px solid var(--line);"
	"text-align:left;vertical-align:top}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"td.n{white-space:nowrap}\n"
	".level{font-weight:600;white-space:nowrap}\n"
	".level.high{color:var(--high)}.level.moderate{color:var(--moderate)}"
	".level.low{color:var(--low)}\n"
	"article{border:1px solid var(--line);border-left:6px solid var(--line);"
	"border-radius:6px;padding:.8rem 1rem;margin:1rem 0}\n"
	"article.high{border-left-color:var(--high)}"
	"article.moderate{border-left-color:var(--moderate)}"
	"article.low{border-left-color:var(--low)}\n"
	"article p{margin:.2rem 0 .6rem}article ul{margin:.2rem 0 .6rem;"
	"padding-left:1.2rem}\n"
	"figure{margin:1rem 0}figure svg{width:100%;height:auto;display:block}\n"
	"figcaption{color:#555;font-size:.9rem}\n"
	".note{color:#444;font-size:.95rem}\n"
	"@media (max-width:600px){body{font-size:15px}main{padding:.6rem}"
	"table{font-size:.85rem}th,td{padding:.25rem .3rem}"
	"article{padding:.6rem .7rem}}\n"
	"@media print{main{max-width:none;padding:0}a{color:inherit}"
	"article,figure,tr{break-inside:avoid}h2{break-after:avoid}"
	".level.high,.level.moderate,.level.low{color:#000}}\n"
	"</style>\n";

/* The SVG element of a document gnuplot wrote: from "<svg" on, without
 * the XML declaration and doctype before it. */
static const char *svg_element(const char *svg)
{
	return strstr(svg, "<svg");
}

static void html_report(struct strbuf *o, const struct report_input *in)
{
	const struct layout *L = &html_layout;
	const struct risk_report *r = in->risk;
	struct strbuf s = STRBUF_INIT;

	add_period(&s, in);
	strbuf_addstr(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		      "content=\"width=device-width, initial-scale=1\">\n"
		      "<title>Cramp risk, ");
	html_add(o, s.buf);
	strbuf_addstr(o, "</title>\n");
	strbuf_addstr(o, html_style);
	strbuf_addstr(o, "</head>\n<body>\n<main>\n<h1>Cramp risk</h1>\n"
		      "<p class=\"period\">");
	html_add(o, s.buf);
	strbuf_addstr(o, "</p>\n<section id=\"squad\">\n<h2>The squad</h2>\n");
	squad_part(o, L, in, &s);
	strbuf_addstr(o, "</section>\n<section id=\"athletes\">\n"
		      "<h2>Athletes, most at risk first</h2>\n"
		      "<div class=\"scroll\"><table>\n<thead><tr><th class=\"n\">#"
		      "</th><th>athlete</th><th class=\"n\">risk</th><th>level"
		      "</th><th class=\"n\">cramps / sessions</th></tr></thead>\n"
		      "<tbody>\n");
	for (size_t i = 0; i < r->nathletes; i++) {
		const struct risk_athlete *a = &r->athletes[i];

		strbuf_addf(o, "<tr><td class=\"n\">%zu</td><td><a href=\"#a%zu\">",
			    a->rank, a->rank);
		html_add(o, a->name);
		if (isnan(a->risk))
			strbuf_addstr(o, "</a></td><td class=\"n\">-</td>");
		else
			strbuf_addf(o, "</a></td><td class=\"n\">%.1f%%</td>",
				    100 * a->risk);
		strbuf_addf(o, "<td class=\"level %s\">%s</td><td class=\"n\">%llu"
			    " / %llu</td></tr>\n", risk_level_name(a->level),
			    risk_level_name(a->level),
			    (unsigned long long)a->cramps,
			    (unsigned long long)a->sessions);
	}
	strbuf_addstr(o, L->table_close);
	for (size_t i = 0; i < r->nathletes; i++)
		athlete_part(o, L, in, i, &s);
	strbuf_addstr(o, "</section>\n");
	if (in->ncharts || in->charts_note) {
		strbuf_addstr(o, "<section id=\"charts\">\n<h2>Charts</h2>\n");
		if (in->charts_note) {
			strbuf_addstr(o, "<p class=\"note\">");
			html_add(o, in->charts_note);
			strbuf_addstr(o, "</p>\n");
		}
		for (size_t i = 0; i < in->ncharts; i++) {
			const char *svg = svg_element(in->charts[i].svg);

			if (!svg)
				continue;
			strbuf_addstr(o, "<figure>\n");
			strbuf_addstr(o, svg);
			strbuf_addstr(o, "\n<figcaption>");
			html_add(o, in->charts[i].caption);
			strbuf_addstr(o, "</figcaption>\n</figure>\n");
		}
		strbuf_addstr(o, "</section>\n");
	}
	strbuf_addstr(o, "<section id=\"model\">\n<h2>The model</h2>\n");
	model_part(o, L, in, &s);
	strbuf_addf(o, "<p class=\"note\">%s</p>\n</section>\n</main>\n"
		    "</body>\n</html>\n", association_line);
	strbuf_release(&s);
}

/* ---- JSON ---- */

static void json_items(struct json *j, const char *key,
		       const struct report_items *it)
{
	json_array(j, key);
	for (size_t k = 0; k < it->n; k++)
		json_string(j, NULL, report_item(it, k));
	json_end(j);
}

/* The backtest's figures (null without one; null figures when too few
 * cramps), named as `cramplog validate --format json` names them. */
static void json_backtest(struct json *j, const struct backtest_summary *b)
{
	if (!b) {
		json_null(j, "backtest");
		return;
	}
	json_object(j, "backtest");
	json_uint(j, "weeks", b->weeks);
	json_uint(j, "sessions", b->sessions);
	json_uint(j, "cramps", b->cramps);
	json_number(j, "auc", b->auc[BACKTEST_MODEL].auc);
	json_number(j, "auc_low", b->auc[BACKTEST_MODEL].low);
	json_number(j, "auc_high", b->auc[BACKTEST_MODEL].high);
	json_number(j, "history_auc", b->auc[BACKTEST_HISTORY].auc);
	json_number(j, "auc_difference_p", b->auc_p);
	json_number(j, "slope", b->cal[BACKTEST_MODEL].slope);
	json_end(j);
}

/* "squad": the period's sessions and cramps, each episode, each factor's
 * share against the weeks before, the athletes who did not train. */
static void json_squad(struct json *j, const struct report_input *in)
{
	const struct risk_report *r = in->risk;

	json_object(j, "squad");
	json_uint(j, "sessions", r->sessions);
	json_uint(j, "cramps", r->cramps);
	json_uint(j, "athletes", in->squad_athletes);
	json_uint(j, "sessions_before", r->sessions_before);
	json_uint(j, "cramps_before", r->cramps_before);
	json_array(j, "episodes");
	for (size_t i = 0; i < r->nepisodes; i++) {
		const struct risk_episode *ep = &r->episodes[i];

		json_object(j, NULL);
		json_string(j, "athlete", in->table->names[ep->athlete]);
		json_string(j, "date", ep->date);
		json_string(j, "start_time", ep->start_time[0] ? ep->start_time : NULL);
		json_string(j, "muscle", ep->muscle);
		json_string(j, "side", model_side_name(ep->side));
		json_number(j, "severity", ep->severity);
		json_end(j);
	}
	json_end(j);
	json_array(j, "factors");
	for (int f = 0; f < FACTOR_COUNT; f++) {
		json_object(j, NULL);
		json_string(j, "name", exposure_factor_name((enum factor)f));
		json_uint(j, "sessions_on", r->factor_on[f]);
		json_uint(j, "sessions_known", r->factor_known[f]);
		json_uint(j, "before_on", r->usual_on[f]);
		json_uint(j, "before_known", r->usual_known[f]);
		json_end(j);
	}
	json_end(j);
	json_array(j, "idle");
	for (size_t i = 0; i < r->nidle; i++)
		json_string(j, NULL, in->table->names[r->idle[i]]);
	json_end(j);
	json_end(j);
}

static void json_model(struct json *j, const struct risk_model *m)
{
	json_object(j, "model");
	json_string(j, "design", "pooled");
	json_string(j, "method", m->method == STATS_FIRTH ? "firth" : "mle");
	json_bool(j, "fitted", m->fitted);
	json_string(j, "reason", m->reason);
	json_uint(j, "sessions", m->sessions);
	json_uint(j, "cramps", m->cramps);
	json_number(j, "base_rate", m->base_rate);
	json_int(j, "history_days", RISK_HISTORY_DAYS);
	json_object(j, "levels");
	json_number(j, "moderate", RISK_MODERATE_RATIO);
	json_number(j, "high", RISK_HIGH_RATIO);
	json_end(j);
	json_array(j, "terms");
	for (size_t k = 0; m->fitted && k < m->nterms; k++) {
		json_object(j, NULL);
		json_string(j, "name", risk_term_name(m->term[k]));
		json_number(j, "odds_ratio", m->odds_ratio[k]);
		json_number(j, "ci_low", m->ci_low[k]);
		json_number(j, "ci_high", m->ci_high[k]);
		json_number(j, "p", m->p[k]);
		json_end(j);
	}
	json_end(j);
	json_end(j);
}

static void json_athlete(struct json *j, const struct report_input *in,
			 const struct risk_athlete *a)
{
	struct report_items why, todo;

	report_athlete_items(in, a, &why, &todo);
	json_object(j, NULL);
	json_string(j, "name", a->name);
	json_uint(j, "rank", a->rank);
	json_uint(j, "sessions", a->sessions);
	json_uint(j, "cramps", a->cramps);
	json_uint(j, "recent_cramps", a->recent_cramps);
	json_number(j, "risk", a->risk);
	json_number(j, "risk_low", a->risk_low);
	json_number(j, "risk_high", a->risk_high);
	json_number(j, "ratio", a->ratio);
	json_string(j, "level", risk_level_name(a->level));
	json_items(j, "reasons", &why);
	json_items(j, "actions", &todo);
	json_end(j);
	report_items_release(&why);
	report_items_release(&todo);
}

static void json_report(struct strbuf *o, const struct report_input *in)
{
	const struct risk_report *r = in->risk;
	model_date from, to;
	struct json j;

	calendar_format_date(r->from_day, from);
	calendar_format_date(r->to_day, to);
	json_init(&j, o, 0);
	json_object(&j, NULL);
	json_string(&j, "week", in->week);
	json_string(&j, "from", from);
	json_string(&j, "to", to);
	json_squad(&j, in);
	json_model(&j, &r->model);
	json_array(&j, "athletes");
	for (size_t i = 0; i < r->nathletes; i++)
		json_athlete(&j, in, &r->athletes[i]);
	json_end(&j);
	json_backtest(&j, in->backtest);
	json_end(&j);
}

void report_write(struct strbuf *out, const struct report_input *in,
		  enum report_format format)
{
	switch (format) {
	case REPORT_TEXT:
		text_report(out, in);
		break;
	case REPORT_MARKDOWN:
		md_report(out, in);
		break;
	case REPORT_HTML:
		html_report(out, in);
		break;
	case REPORT_JSON:
		json_report(out, in);
		break;
	}
}
