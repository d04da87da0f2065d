/*
 * cramplog analyze: which factors go with the cramp episodes, alone and
 * together, as a readable text, JSON or CSV.
 */
#include "analysis.h"
#include "cmd.h"
#include "csv_writer.h"
#include "json.h"
#include "patterns.h"
#include "strbuf.h"

#include <math.h>
#include <string.h>

enum { OPT_FACTORS = OPT_OWN, OPT_TERMS, OPT_SPLINE, OPT_KNOTS, OPT_DESIGN,
       OPT_MODEL };

static const struct cmd_option options[] = {
	{ "factors", OPT_FACTORS, "LIST", "comma-separated factors (default: all "
	  "six;\nsodium_deficit when named); with\n--terms continuous or "
	  "--spline, continuous\nexposures by their 'exposures' column names",
	  NULL },
	{ "terms", OPT_TERMS, "TERMS", "flags (default): the factors as yes/no; "
	  "continuous:\nbody_mass_loss_pct (per 1%), usg (per 0.005),\n"
	  "urine_color (per step), sodium_mg and potassium_mg\n(per 500 mg), "
	  "carbs_g_per_kg (per 1 g/kg),\npre_tightness (per point), acwr (per "
	  "0.1),\nsodium_balance_mg (per 500 mg)", NULL },
	{ "spline", OPT_SPLINE, "NAME", "the dose-response curve of a continuous "
	  "exposure, a\nrestricted cubic spline adjusted for the --factors\n"
	  "(default: none) as straight lines", NULL },
	{ "knots", OPT_KNOTS, "N", "the spline's knots: 3, 4 (default) or 5",
	  NULL },
	{ "design", OPT_DESIGN, "DESIGN", "pooled (default): the squad's sessions "
	  "together;\nwithin: conditional logistic regression by athlete,\n"
	  "each athlete their own control", NULL },
	{ "model", OPT_MODEL, "MODEL", "firth (default): Firth's penalized "
	  "likelihood,\nfinite under separation and few events; mle", NULL },
	{ "format", OPT_FORMAT, "FORMAT", "text (default), json or csv (a line "
	  "per factor;\nper term with --terms continuous; per point of\nthe "
	  "curve with --spline)", NULL },
	CMD_OPTIONS_ANALYSIS(NULL, NULL),
	{ NULL, 0, NULL, NULL, NULL }
};

/* In the order of cmd_analyze's TEXT, JSON, CSV. */
static const char *const formats[] = { "text", "json", "csv", NULL };

struct choices {
	struct analysis_options *opt;
	const char *factors;        /* read once --terms is known */
};

static int take(void *ctx, int code, const char *arg)
{
	struct choices *ch = ctx;

	switch (code) {
	case OPT_FACTORS:
		ch->factors = arg;
		break;
	case OPT_TERMS:
		if (strcmp(arg, "flags") == 0)
			ch->opt->terms = TERMS_FLAGS;
		else if (strcmp(arg, "continuous") == 0)
			ch->opt->terms = TERMS_CONTINUOUS;
		else
			return cmd_usage_error("analyze", "--terms must be flags "
					       "or continuous, not '%s'", arg);
		break;
	case OPT_SPLINE:
		ch->opt->spline = exposure_value_from_name(arg, strlen(arg));
		if (ch->opt->spline == VALUE_COUNT)
			return cmd_usage_error("analyze", "--spline: unknown "
					       "continuous exposure '%s' (see "
					       "--terms in --help)", arg);
		break;
	case OPT_KNOTS:
		return cmd_parse_knots("analyze", arg, ch->opt);
	case OPT_DESIGN:
		return cmd_parse_design("analyze", arg, &ch->opt->design);
	case OPT_MODEL:
		return cmd_parse_method("analyze", arg, &ch->opt->method);
	}
	return EXIT_OK;
}

static const struct cmd_spec spec = {
	.name = "analyze",
	.about = "usage: cramplog analyze [OPTIONS]\n"
		 "\n"
		 "Measures how strongly each factor goes with the cramp episodes: per factor\n"
		 "a 2x2 table of the sessions where it is known, the odds ratio with Woolf's\n"
		 "95% CI, the relative risk and Fisher's exact test (with Benjamini-Hochberg\n"
		 "adjusted p values); then a logistic model of all the factors together.\n"
		 "These are associations in the logs, not causes.\n"
		 "\n"
		 "options:\n",
	.options = options,
	.width = 23,
	.thresholds = 1,
	.after = "\n"
		 "exit status: 0 (also with no data), 64 usage, 66 no database or no such\n"
		 "athlete, 74 the model's temporary file could not be written or read.\n",
	.formats = formats,
	.operands = 0,
	.take = take,
};

/* "Sessions after a day under 1.5 g of sodium", as the text says it. */
static void describe(struct strbuf *sb, enum factor f, const struct thresholds *th,
		     int window)
{
	char when[64];

	if (window == 1)
		snprintf(when, sizeof(when), "after a day");
	else
		snprintf(when, sizeof(when), "after %d days averaging", window);
	switch (f) {
	case FACTOR_DEHYDRATION:
		strbuf_addf(sb, "Sessions with a sign of dehydration (body-mass loss "
			    "over %g%%, morning USG over %.3f or urine colour %g "
			    "or darker)", th->body_mass_loss_pct, th->usg,
			    th->urine_color);
		break;
	case FACTOR_LOW_SODIUM:
		strbuf_addf(sb, "Sessions %s under %g g of sodium", when,
			    th->sodium_mg / 1000);
		break;
	case FACTOR_LOW_POTASSIUM:
		strbuf_addf(sb, "Sessions %s under %g g of potassium", when,
			    th->potassium_mg / 1000);
		break;
	case FACTOR_LOW_CARBOHYDRATE:
		strbuf_addf(sb, "Sessions %s under %g g of carbohydrate per kg",
			    when, th->carbs_g_per_kg);
		break;
	case FACTOR_TIGHTNESS:
		strbuf_addf(sb, "Sessions begun with hamstring tightness of %g or more",
			    th->tightness);
		break;
	case FACTOR_SODIUM_DEFICIT:
		strbuf_addf(sb, "Sessions %s with a sodium balance (intake minus "
			    "sweat losses) under %g mg", when, th->sodium_deficit_mg);
		break;
	default:
		strbuf_addf(sb, "Sessions at an acute:chronic workload ratio of %g or "
			    "more", th->acwr);
		break;
	}
}

static const char *unknown_reason(enum factor f)
{
	switch (f) {
	case FACTOR_DEHYDRATION:
		return "no body mass before and after, and no morning urine reading";
	case FACTOR_LOW_SODIUM:
	case FACTOR_LOW_POTASSIUM:
		return "no intake logged in the window before";
	case FACTOR_LOW_CARBOHYDRATE:
		return "no carbohydrate or no body mass logged in the window before";
	case FACTOR_TIGHTNESS:
		return "no tightness score";
	case FACTOR_SODIUM_DEFICIT:
		return "no sodium intake logged in the window before, or a "
		       "session then without body mass before and after";
	default:
		return "under 28 days of load history, or a day's session without "
		       "RPE or minutes";
	}
}

static void format_p(char *buf, size_t size, double p)
{
	if (isnan(p))
		snprintf(buf, size, "-");
	else if (p < 0.001)
		snprintf(buf, size, "<0.001");
	else
		snprintf(buf, size, "%.3f", p);
}

static void format_ratio(char *buf, size_t size, double x)
{
	if (isnan(x))
		snprintf(buf, size, "-");
	else if (x >= 100)
		snprintf(buf, size, "%.0f", x);
	else if (x >= 10)
		snprintf(buf, size, "%.1f", x);
	else
		snprintf(buf, size, "%.2f", x);
}

static double percent(uint64_t k, uint64_t n)
{
	return n ? 100.0 * (double)k / (double)n : 0;
}

/* "cramps/sessions (rate%)" of a group; "0/0 (-)" for none. */
static void group_cell(char *buf, size_t size, uint64_t k, uint64_t n)
{
	if (n)
		snprintf(buf, size, "%llu/%llu (%.1f%%)", (unsigned long long)k,
			 (unsigned long long)n, percent(k, n));
	else
		snprintf(buf, size, "0/0 (-)");
}

/* w widened to the printed ratio x's width, if wider. */
static void widen_ratio(int *w, double x, int extra)
{
	char cell[32];
	int n;

	format_ratio(cell, sizeof(cell), x);
	n = (int)strlen(cell) + extra;
	*w = n > *w ? n : *w;
}

/* w widened to a group's cell's width, if wider. */
static void widen_group(int *w, uint64_t k, uint64_t n)
{
	char cell[64];
	int len;

	group_cell(cell, sizeof(cell), k, n);
	len = (int)strlen(cell);
	*w = len > *w ? len : *w;
}

/* The widest of the groups' cells, the odds ratios (with their mark) and
 * the intervals' ends, for the table's columns (at least the headers'). */
static void table_widths(const struct analysis_result *r, int *group,
			 int *ratio, int *low, int *high)
{
	*group = 16;
	*ratio = *low = *high = 6;
	for (size_t i = 0; i < r->nfactors; i++) {
		const struct factor_result *f = &r->factors[i];

		widen_group(group, f->exposed_cramps, f->exposed_sessions);
		widen_group(group, f->unexposed_cramps, f->unexposed_sessions);
		widen_ratio(ratio, f->stats.odds_ratio, 1);
		widen_ratio(low, f->stats.ci_low, 0);
		widen_ratio(high, f->stats.ci_high, 0);
	}
}

/* The 2x2 table of each factor, and a sentence on each. */
static void print_tables(const struct analysis_result *r, const struct thresholds *th)
{
	struct strbuf sb = STRBUF_INIT;
	char a[32], b[32], c[32], p[32], q[32];
	int gw, ow, lw, hw;

	table_widths(r, &gw, &ow, &lw, &hw);
	putchar('\n');
	printf("%-17s %-*s %-*s %7s  %*s %-*s %8s %8s\n", "factor", gw,
	       "exposed", gw, "unexposed", "unknown", ow, "OR", lw + hw + 4,
	       "95% CI", "p Fisher", "p BH");
	for (size_t i = 0; i < r->nfactors; i++) {
		const struct factor_result *f = &r->factors[i];
		char ex[64], un[64];

		group_cell(ex, sizeof(ex), f->exposed_cramps, f->exposed_sessions);
		group_cell(un, sizeof(un), f->unexposed_cramps,
			   f->unexposed_sessions);
		format_ratio(a, sizeof(a), f->stats.odds_ratio);
		format_ratio(b, sizeof(b), f->stats.ci_low);
		format_ratio(c, sizeof(c), f->stats.ci_high);
		format_p(p, sizeof(p), f->stats.p_fisher);
		format_p(q, sizeof(q), f->p_adjusted);
		printf("%-17s %-*s %-*s %7llu  %*s%s %*s to %-*s %8s %8s\n",
		       exposure_factor_name(f->factor), gw, ex, gw, un,
		       (unsigned long long)f->unknown_sessions, ow - 1, a,
		       f->stats.corrected ? "*" : " ", lw, b, hw, c, p, q);
	}
	printf("(OR: odds ratio of a cramp, exposed against unexposed sessions; "
	       "* 0.5 added to\nevery cell because one was zero.)\n\n");
	for (size_t i = 0; i < r->nfactors; i++) {
		const struct factor_result *f = &r->factors[i];

		strbuf_reset(&sb);
		describe(&sb, f->factor, th, r->window_days);
		if (isnan(f->stats.odds_ratio)) {
			cmd_print_wrapped(stdout, "", "%s: cannot be compared (%llu "
			       "sessions exposed, %llu not, %llu cramps among them).",
			       sb.buf,
			       (unsigned long long)f->exposed_sessions,
			       (unsigned long long)f->unexposed_sessions,
			       (unsigned long long)(f->exposed_cramps + f->unexposed_cramps));
		} else {
			format_ratio(a, sizeof(a), f->stats.odds_ratio);
			format_ratio(b, sizeof(b), f->stats.ci_low);
			format_ratio(c, sizeof(c), f->stats.ci_high);
			format_p(p, sizeof(p), f->stats.p_fisher);
			cmd_print_wrapped(stdout, "", "%s had %s times the odds of a "
			       "cramp (95%% CI %s to %s, p %s%s; %llu of %llu "
			       "sessions)%s.", sb.buf, a, b, c,
			       p[0] == '<' ? "" : "= ", p,
			       (unsigned long long)f->exposed_cramps,
			       (unsigned long long)f->exposed_sessions,
			       f->stats.corrected ? " (0.5 added to each cell)" : "");
		}
		if (f->unknown_sessions)
			cmd_print_wrapped(stdout, "  ", "  Not judged on %llu "
			       "sessions: %s.",
			       (unsigned long long)f->unknown_sessions,
			       unknown_reason(f->factor));
	}
	strbuf_release(&sb);
}

static void print_terms(const struct model_result *m)
{
	char a[32], b[32], c[32], p[32], u[32];
	int ow = 6, lw = 6, hw = 6;

	if (!m->fitted || !m->converged || m->separation || !m->nterms)
		return;
	for (size_t i = 0; i < m->nterms; i++) {
		widen_ratio(&ow, m->terms[i].odds_ratio, 0);
		widen_ratio(&lw, m->terms[i].ci_low, 0);
		widen_ratio(&hw, m->terms[i].ci_high, 0);
	}
	if (isnan(m->terms[0].unit))
		printf("%-17s %*s  %-*s %8s\n", "factor", ow, "OR",
		       lw + hw + 4, "95% CI", "p");
	else
		printf("%-19s %-12s %*s  %-*s %8s\n", "exposure", "unit", ow,
		       "OR", lw + hw + 4, "95% CI", "p");
	for (size_t i = 0; i < m->nterms; i++) {
		const struct term_result *t = &m->terms[i];

		format_ratio(a, sizeof(a), t->odds_ratio);
		format_ratio(b, sizeof(b), t->ci_low);
		format_ratio(c, sizeof(c), t->ci_high);
		format_p(p, sizeof(p), t->p);
		if (isnan(t->unit)) {
			printf("%-17s %*s  %*s to %-*s %8s\n", t->name, ow, a,
			       lw, b, hw, c, p);
			continue;
		}
		snprintf(u, sizeof(u), "per %s", exposure_value_unit_text(t->value));
		printf("%-19s %-12s %*s  %*s to %-*s %8s\n", t->name, u, ow, a,
		       lw, b, hw, c, p);
	}
}

/* Peduzzi et al. 1996's rule of thumb, said when broken. */
static void print_events_per_coefficient(const struct model_result *m)
{
	if (!m->fitted || !m->coefficients ||
	    m->events_per_coefficient >= ANALYSIS_MIN_EVENTS_PER_COEFFICIENT)
		return;
	cmd_print_wrapped(stdout, "  ", "  Warning: the model is too large for the "
			  "data: %.1f cramps per estimated coefficient (%llu cramp%s, "
			  "%zu coefficient%s), under the %d a logistic model needs to "
			  "be stable (Peduzzi et al. 1996). Choose fewer terms with "
			  "--factors, or fewer knots.", m->events_per_coefficient,
			  (unsigned long long)m->cramps, m->cramps == 1 ? "" : "s",
			  m->coefficients, m->coefficients == 1 ? "" : "s",
			  ANALYSIS_MIN_EVENTS_PER_COEFFICIENT);
}

static void print_spline(const struct spline_result *s)
{
	char a[32], b[32], c[32], p[32];
	struct strbuf knots = STRBUF_INIT;

	if (!s->fitted)
		return;
	for (int k = 0; k < s->nknots; k++)
		strbuf_addf(&knots, "%s%g", k ? ", " : "", s->knots[k]);
	putchar('\n');
	cmd_print_wrapped(stdout, "", "Dose-response of %s: a restricted cubic "
			  "spline with %d knots (%s), odds ratios of a cramp "
			  "against the median (%g):", exposure_value_name(s->value),
			  s->nknots, knots.buf, s->median);
	strbuf_release(&knots);
	printf("%12s %8s  %-15s\n", exposure_value_name(s->value), "OR", "95% CI");
	for (int g = 0; g < SPLINE_GRID; g++) {
		const struct spline_point *pt = &s->grid[g];

		format_ratio(a, sizeof(a), pt->odds_ratio);
		format_ratio(b, sizeof(b), pt->ci_low);
		format_ratio(c, sizeof(c), pt->ci_high);
		printf("%12.4g %8s  %6s to %-6s\n", pt->value, a, b, c);
	}
	if (isnan(s->nonlinearity_p)) {
		/* The test compares maximum likelihoods: none here. */
		cmd_print_wrapped(stdout, "", "Non-linearity: not tested; the "
				  "maximum likelihood fits it compares run off "
				  "to infinity (separation) or do not converge.");
		return;
	}
	format_p(p, sizeof(p), s->nonlinearity_p);
	cmd_print_wrapped(stdout, "", "Non-linearity: likelihood ratio %.2f on %d "
			  "degree%s of freedom, p %s%s (a small p says the risk "
			  "does not change by the same factor per step all along).",
			  s->lr_chisq, s->df, s->df == 1 ? "" : "s",
			  p[0] == '<' ? "" : "= ", p);
}

static void print_text(const struct analysis_result *r, const struct thresholds *th)
{
	const struct model_result *m = &r->model;
	struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	if (r->window_days == 1)
		strbuf_addstr(&sb, "the calendar day before");
	else
		strbuf_addf(&sb, "the mean of the %d days before", r->window_days);
	cmd_print_wrapped(stdout, "", "%llu sessions of %llu athletes, %llu with "
			  "a cramp (%.1f%%); intake window: %s.",
			  (unsigned long long)r->sessions,
			  (unsigned long long)r->athletes,
			  (unsigned long long)r->cramps,
			  percent(r->cramps, r->sessions), sb.buf);
	if (r->nfactors)
		print_tables(r, th);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "All together: %s logistic regression (%s), %llu "
		    "sessions with every %s known, %llu with a cramp",
		    m->design == DESIGN_WITHIN ? "conditional" : "pooled",
		    m->method == STATS_FIRTH ? "Firth's penalized likelihood" :
		    "maximum likelihood", (unsigned long long)m->sessions,
		    r->nfactors ? "factor" : "exposure",
		    (unsigned long long)m->cramps);
	if (m->design == DESIGN_WITHIN && m->fitted)
		strbuf_addf(&sb, "; %llu athlete%s compared with themselves "
			    "(%llu without both sessions with and without a "
			    "cramp carry no weight)",
			    (unsigned long long)m->athletes,
			    m->athletes == 1 ? "" : "s",
			    (unsigned long long)m->athletes_skipped);
	putchar('\n');
	cmd_print_wrapped(stdout, "", "%s.", sb.buf);
	for (size_t i = 0; i < m->ndropped; i++)
		if (m->dropped_within[i])
			cmd_print_wrapped(stdout, "    ", "  %s left out: it "
					  "varies within no athlete who has "
					  "sessions with and without a cramp, "
					  "where the comparison is made.",
					  m->dropped_names[i]);
		else
			printf("  %s left out: the same in every session "
			       "used.\n", m->dropped_names[i]);
	print_terms(m);
	if (m->reason)
		cmd_print_wrapped(stdout, "  ", "  No adjusted estimates: %s.",
				  m->reason);
	print_events_per_coefficient(m);
	print_spline(&r->spline);
	putchar('\n');
	if (r->cramps < 5)
		printf("Only %llu cramp episode%s: too few to test anything. The counts "
		       "above describe\nthe logs; they are not evidence.\n",
		       (unsigned long long)r->cramps, r->cramps == 1 ? "" : "s");
	else if (r->cramps < 20)
		printf("With %llu cramp episodes only large associations can show; "
		       "moderate ones need\n20 to 50 (Bahr and Holme, BJSM 2003).\n",
		       (unsigned long long)r->cramps);
	printf("These are associations in the logs, not causes: a factor that goes "
	       "with cramps\nmay stand for something else that was not logged.\n");
	strbuf_release(&sb);
}

/* "spline": {...}, null figures when it could not be fitted. */
static void json_spline(struct json *j, const struct spline_result *s)
{
	json_object(j, "spline");
	json_string(j, "name", exposure_value_name(s->value));
	json_bool(j, "fitted", s->fitted);
	json_array(j, "knots");
	for (int k = 0; s->fitted && k < s->nknots; k++)
		json_number(j, NULL, s->knots[k]);
	json_end(j);
	json_number(j, "median", s->fitted ? s->median : NAN);
	json_array(j, "grid");
	for (int g = 0; s->fitted && g < SPLINE_GRID; g++) {
		const struct spline_point *pt = &s->grid[g];

		json_object(j, NULL);
		json_number(j, "value", pt->value);
		json_number(j, "odds_ratio", pt->odds_ratio);
		json_number(j, "ci_low", pt->ci_low);
		json_number(j, "ci_high", pt->ci_high);
		json_end(j);
	}
	json_end(j);
	json_number(j, "nonlinearity_chisq", s->fitted ? s->lr_chisq : NAN);
	json_int(j, "nonlinearity_df", s->fitted ? s->df : 0);
	json_number(j, "nonlinearity_p", s->fitted ? s->nonlinearity_p : NAN);
	json_end(j);
}

static void json_factor(struct json *j, const struct factor_result *f)
{
	json_object(j, NULL);
	json_string(j, "name", exposure_factor_name(f->factor));
	json_uint(j, "exposed_sessions", f->exposed_sessions);
	json_uint(j, "exposed_cramps", f->exposed_cramps);
	json_uint(j, "unexposed_sessions", f->unexposed_sessions);
	json_uint(j, "unexposed_cramps", f->unexposed_cramps);
	json_uint(j, "unknown_sessions", f->unknown_sessions);
	json_number(j, "odds_ratio", f->stats.odds_ratio);
	json_number(j, "ci_low", f->stats.ci_low);
	json_number(j, "ci_high", f->stats.ci_high);
	json_number(j, "p_fisher", f->stats.p_fisher);
	json_number(j, "p_adjusted", f->p_adjusted);
	json_number(j, "relative_risk", f->stats.relative_risk);
	json_bool(j, "corrected", f->stats.corrected);
	json_end(j);
}

static void json_model(struct json *j, const struct model_result *m)
{
	json_object(j, "model");
	json_string(j, "design", m->design == DESIGN_WITHIN ? "within" : "pooled");
	json_string(j, "method", m->method == STATS_FIRTH ? "firth" : "mle");
	json_uint(j, "sessions", m->sessions);
	json_uint(j, "cramps", m->cramps);
	json_bool(j, "converged", m->fitted && m->converged);
	json_bool(j, "separation", m->separation);
	json_string(j, "reason", m->reason);
	json_array(j, "terms");
	for (size_t i = 0; m->fitted && i < m->nterms; i++) {
		const struct term_result *t = &m->terms[i];

		json_object(j, NULL);
		json_string(j, "name", t->name);
		if (!isnan(t->unit))
			json_number(j, "unit", t->unit);
		json_number(j, "odds_ratio", t->odds_ratio);
		json_number(j, "ci_low", t->ci_low);
		json_number(j, "ci_high", t->ci_high);
		json_number(j, "p", t->p);
		json_end(j);
	}
	json_end(j);
	/* The chosen terms not in the model, and why. */
	json_array(j, "left_out");
	for (size_t i = 0; i < m->ndropped; i++) {
		json_object(j, NULL);
		json_string(j, "name", m->dropped_names[i]);
		json_string(j, "why", m->dropped_within[i] ? "not_within_athletes" :
			    "constant");
		json_end(j);
	}
	json_end(j);
	if (m->design == DESIGN_WITHIN && m->fitted) {
		json_uint(j, "athletes", m->athletes);
		json_uint(j, "athletes_skipped", m->athletes_skipped);
	}
	if (m->fitted) {
		json_uint(j, "coefficients", m->coefficients);
		json_number(j, "events_per_coefficient", m->events_per_coefficient);
		json_bool(j, "too_large_for_data", m->events_per_coefficient <
			  ANALYSIS_MIN_EVENTS_PER_COEFFICIENT);
	}
	json_end(j);
}

static void json_result(struct strbuf *sb, const struct analysis_result *r)
{
	struct json j;

	json_init(&j, sb, 0);
	json_object(&j, NULL);
	json_uint(&j, "sessions", r->sessions);
	json_uint(&j, "cramps", r->cramps);
	json_uint(&j, "athletes", r->athletes);
	json_int(&j, "window_days", r->window_days);
	json_array(&j, "factors");
	for (size_t i = 0; r->sessions && i < r->nfactors; i++)
		json_factor(&j, &r->factors[i]);
	json_end(&j);
	json_model(&j, &r->model);
	if (r->spline.value < VALUE_COUNT)
		json_spline(&j, &r->spline);
	json_end(&j);
}

/* With --spline: a row per point of the curve. */
static int print_spline_csv(const struct spline_result *sp)
{
	int e = 0;

	e |= fputs("value,odds_ratio,ci_low,ci_high\n", stdout) < 0;
	for (int g = 0; sp->fitted && g < SPLINE_GRID; g++) {
		const struct spline_point *pt = &sp->grid[g];

		e |= csv_writer_exact(stdout, pt->value, ',');
		e |= csv_writer_exact(stdout, pt->odds_ratio, ',');
		e |= csv_writer_exact(stdout, pt->ci_low, ',');
		e |= csv_writer_exact(stdout, pt->ci_high, '\n');
	}
	return e ? -1 : 0;
}

/* With continuous terms: a row per term of the model. */
static int print_terms_csv(const struct model_result *m)
{
	int e = 0;

	e |= fputs("exposure,unit,odds_ratio,ci_low,ci_high,p\n", stdout) < 0;
	for (size_t i = 0; m->fitted && i < m->nterms; i++) {
		const struct term_result *t = &m->terms[i];

		e |= csv_writer_text(stdout, t->name, ',');
		e |= csv_writer_exact(stdout, t->unit, ',');
		e |= csv_writer_exact(stdout, t->odds_ratio, ',');
		e |= csv_writer_exact(stdout, t->ci_low, ',');
		e |= csv_writer_exact(stdout, t->ci_high, ',');
		e |= csv_writer_exact(stdout, t->p, '\n');
	}
	return e ? -1 : 0;
}

static int print_csv(const struct analysis_result *r)
{
	int e = 0;

	e |= fputs("factor,exposed_sessions,exposed_cramps,unexposed_sessions,"
		   "unexposed_cramps,unknown_sessions,odds_ratio,ci_low,ci_high,"
		   "p_fisher,p_adjusted,relative_risk,corrected,adjusted_odds_ratio,"
		   "adjusted_ci_low,adjusted_ci_high,adjusted_p\n", stdout) < 0;
	for (size_t i = 0; i < r->nfactors && r->sessions; i++) {
		const struct factor_result *f = &r->factors[i];
		const struct term_result *t = NULL;

		for (size_t k = 0; k < r->model.nterms && r->model.fitted; k++)
			if (r->model.terms[k].factor == f->factor)
				t = &r->model.terms[k];
		e |= printf("%s,%llu,%llu,%llu,%llu,%llu,", exposure_factor_name(f->factor),
			    (unsigned long long)f->exposed_sessions,
			    (unsigned long long)f->exposed_cramps,
			    (unsigned long long)f->unexposed_sessions,
			    (unsigned long long)f->unexposed_cramps,
			    (unsigned long long)f->unknown_sessions) < 0;
		e |= csv_writer_exact(stdout, f->stats.odds_ratio, ',');
		e |= csv_writer_exact(stdout, f->stats.ci_low, ',');
		e |= csv_writer_exact(stdout, f->stats.ci_high, ',');
		e |= csv_writer_exact(stdout, f->stats.p_fisher, ',');
		e |= csv_writer_exact(stdout, f->p_adjusted, ',');
		e |= csv_writer_exact(stdout, f->stats.relative_risk, ',');
		e |= printf("%d,", f->stats.corrected) < 0;
		e |= csv_writer_exact(stdout, t ? t->odds_ratio : NAN, ',');
		e |= csv_writer_exact(stdout, t ? t->ci_low : NAN, ',');
		e |= csv_writer_exact(stdout, t ? t->ci_high : NAN, ',');
		e |= csv_writer_exact(stdout, t ? t->p : NAN, '\n');
	}
	return e ? -1 : 0;
}

int cmd_analyze(int argc, char **argv)
{
	enum { TEXT, JSON, CSV } format = TEXT;
	struct analysis_options opt;
	struct choices ch = { &opt, NULL };
	struct analysis_result res;
	struct cmd_analysis a;
	struct cmd_args args = { .ctx = &ch, .analysis = &a };
	struct strbuf sb = STRBUF_INIT;
	int code;

	cmd_analysis_init(&a);
	analysis_options_init(&opt);
	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	format = args.format;
	if (opt.spline < VALUE_COUNT) {
		/* The spline's adjustments are only those asked for. */
		opt.terms = TERMS_CONTINUOUS;
		memset(opt.value_on, 0, sizeof(opt.value_on));
	}
	if (ch.factors && (code = cmd_parse_factors("analyze", ch.factors,
						    &opt)) != EXIT_OK)
		return code;
	if ((code = cmd_run_analysis("analyze", &a, &opt, &res)) != EXIT_OK)
		return code;
	if (format == JSON) {
		json_result(&sb, &res);
		fputs(sb.buf, stdout);
		strbuf_release(&sb);
	} else if (format == CSV) {
		if ((opt.spline < VALUE_COUNT ? print_spline_csv(&res.spline) :
		     opt.terms == TERMS_FLAGS ? print_csv(&res) :
		     print_terms_csv(&res.model)) < 0)
			return cmd_finish(EXIT_IOERR);
	} else if (res.sessions == 0) {
		printf("No training sessions in the selection: nothing to analyze.\n"
		       "Import training logs first ('cramplog import'), or widen "
		       "--from, --to or --athlete.\n");
	} else {
		print_text(&res, &a.exp.thresholds);
	}
	return cmd_finish(EXIT_OK);
}
