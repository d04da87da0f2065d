/*
 * cramplog simulate: write a simulated squad's training, hydration and diet
 * logs in the native formats, as three files or one file per ISO week.
 */
#include "calendar.h"
#include "cmd.h"
#include "csv_writer.h"
#include "simulate.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where rows go: three files, or per ISO week three files at a time. */
struct writer {
	const char *dir;
	int weekly;
	int week_key;           /* iso year * 100 + week of the open files */
	FILE *fp[3];            /* training, hydration, diet */
	struct strbuf path;
	int failed_errno;
	int cant_create;
};

static const enum log_kind kinds[3] = { KIND_TRAINING, KIND_HYDRATION, KIND_DIET };

static int close_files(struct writer *w)
{
	int r = 0;

	for (int k = 0; k < 3; k++) {
		if (w->fp[k] && fclose(w->fp[k]) != 0 && !r) {
			w->failed_errno = errno;
			r = -1;
		}
		w->fp[k] = NULL;
	}
	return r;
}

static int open_files(struct writer *w, const char *suffix)
{
	for (int k = 0; k < 3; k++) {
		int fd;

		strbuf_reset(&w->path);
		strbuf_addf(&w->path, "%s/%s%s.csv", w->dir,
			    model_kind_name(kinds[k]), suffix);
		fd = open(w->path.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0 || !(w->fp[k] = fdopen(fd, "w"))) {
			w->failed_errno = errno;
			w->cant_create = 1;
			if (fd >= 0)
				close(fd);
			return -1;
		}
		if (csv_writer_header(w->fp[k], kinds[k]) < 0) {
			w->failed_errno = errno;
			return -1;
		}
	}
	return 0;
}

/* The file of kind k for a row dated date: a new week opens new files. */
static FILE *file_for(struct writer *w, int k, const char *date)
{
	int32_t day;
	int year, week;
	char suffix[16];

	if (!w->weekly)
		return w->fp[k];
	if (calendar_parse_date(date, 10, &day) < 0)
		return NULL;
	calendar_iso_week(day, &year, &week);
	if (year * 100 + week != w->week_key) {
		if (close_files(w) < 0)
			return NULL;
		snprintf(suffix, sizeof(suffix), "-%04d-W%02d", year, week);
		if (open_files(w, suffix) < 0)
			return NULL;
		w->week_key = year * 100 + week;
	}
	return w->fp[k];
}

static int put_training(void *ctx, const struct training_row *row)
{
	struct writer *w = ctx;
	FILE *fp = file_for(w, 0, row->date);

	if (!fp || csv_writer_training(fp, row) < 0) {
		if (!w->failed_errno)
			w->failed_errno = errno;
		return 1;
	}
	return 0;
}

static int put_hydration(void *ctx, const struct hydration_row *row)
{
	struct writer *w = ctx;
	FILE *fp = file_for(w, 1, row->date);

	if (!fp || csv_writer_hydration(fp, row) < 0) {
		if (!w->failed_errno)
			w->failed_errno = errno;
		return 1;
	}
	return 0;
}

static int put_diet(void *ctx, const struct diet_row *row)
{
	struct writer *w = ctx;
	FILE *fp = file_for(w, 2, row->date);

	if (!fp || csv_writer_diet(fp, row) < 0) {
		if (!w->failed_errno)
			w->failed_errno = errno;
		return 1;
	}
	return 0;
}

/* Parses an unsigned whole number in [lo, hi]. */
static int parse_count(const char *s, unsigned long lo, unsigned long hi,
		       unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_real(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return (errno || end == s || *end || !isfinite(*out)) ? -1 : 0;
}

static int parse_or(const char *arg, struct sim_options *opt)
{
	const char *eq = strchr(arg, '=');
	double x;

	if (!eq || parse_real(eq + 1, &x) < 0 || !(x > 0 && x < 1000))
		return -1;
	for (int f = 0; f < SIM_FACTORS; f++) {
		const char *name = sim_factor_name((enum sim_factor)f);

		if (strlen(name) == (size_t)(eq - arg) &&
		    strncmp(arg, name, (size_t)(eq - arg)) == 0) {
			opt->odds_ratio[f] = x;
			return 0;
		}
	}
	return -1;
}

enum { OPT_OUT = OPT_OWN, OPT_ATHLETES, OPT_DAYS, OPT_START, OPT_SEED,
       OPT_DRINKS, OPT_WEEKLY, OPT_BASE_RATE, OPT_OR };

static const struct cmd_option options[] = {
	{ "out", OPT_OUT, "DIR", "where to write (made if missing)", NULL },
	{ "athletes", OPT_ATHLETES, "N", "squad size (default 16)", NULL },
	{ "days", OPT_DAYS, "D", "days to simulate (default 56)", NULL },
	{ "start", OPT_START, "YYYY-MM-DD", "the first day (default 2026-01-05)",
	  NULL },
	{ "seed", OPT_SEED, "S", "the random seed (default 1)", NULL },
	{ "drinks", OPT_DRINKS, "MIN-MAX", "drinks each athlete logs a day "
	  "(default 3-6;\nup to 30), for bigger intake logs", NULL },
	{ "weekly", OPT_WEEKLY, NULL, "one file per ISO week and kind\n"
	  "(training-2026-W02.csv ...) instead of three", NULL },
	{ "base-rate", OPT_BASE_RATE, "P", "cramp probability of a session with "
	  "no factor\n(default 0.015)", NULL },
	{ "or", OPT_OR, "FACTOR=X", "the odds ratio of a factor, repeatable: "
	  "dehydration\n(default 1.6), low_sodium (2.0), low_potassium (1.3),\n"
	  "low_carbohydrate (1.5), tightness (1.8), high_load (1.7);\n"
	  "sodium_deficit (1: none) per 1000 mg the day before's\nsweat sodium "
	  "(each athlete's own concentration)\noutran its intake, up to 3000 mg",
	  NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

struct choices {
	struct sim_options *opt;
	struct writer *w;
};

/* --drinks MIN-MAX within 0-30. */
static int parse_drinks(const char *arg, struct sim_options *opt)
{
	unsigned lo, hi;
	char tail;

	if (strspn(arg, "0123456789-") != strlen(arg) ||
	    sscanf(arg, "%2u-%2u%c", &lo, &hi, &tail) != 2 || lo > hi || hi > 30)
		return -1;
	opt->drinks_min = lo;
	opt->drinks_max = hi;
	return 0;
}

static int take(void *ctx, int code, const char *arg)
{
	struct choices *ch = ctx;
	struct sim_options *opt = ch->opt;
	unsigned long v;
	char *end;

	switch (code) {
	case OPT_OUT:
		ch->w->dir = arg;
		break;
	case OPT_ATHLETES:
		if (parse_count(arg, 1, 100000, &v) < 0)
			return cmd_usage_error("simulate", "--athletes must be 1 to "
					       "100000, not '%s'", arg);
		opt->athletes = (unsigned)v;
		break;
	case OPT_DAYS:
		if (parse_count(arg, 1, 36500, &v) < 0)
			return cmd_usage_error("simulate", "--days must be 1 to "
					       "36500, not '%s'", arg);
		opt->days = (unsigned)v;
		break;
	case OPT_START:
		if (calendar_parse_date(arg, strlen(arg), &opt->start_day) < 0)
			return cmd_usage_error("simulate", "--start must be a date "
					       "YYYY-MM-DD, not '%s'", arg);
		break;
	case OPT_SEED:
		errno = 0;
		opt->seed = strtoull(arg, &end, 10);
		if (errno || !*arg || *end || *arg == '-')
			return cmd_usage_error("simulate", "--seed must be a whole "
					       "number, not '%s'", arg);
		break;
	case OPT_WEEKLY:
		ch->w->weekly = 1;
		break;
	case OPT_DRINKS:
		if (parse_drinks(arg, opt) < 0)
			return cmd_usage_error("simulate", "--drinks must be MIN-MAX "
					       "within 0-30 (3-6), not '%s'", arg);
		break;
	case OPT_BASE_RATE:
		if (parse_real(arg, &opt->base_rate) < 0 ||
		    !(opt->base_rate > 0 && opt->base_rate < 1))
			return cmd_usage_error("simulate", "--base-rate must be "
					       "between 0 and 1, not '%s'", arg);
		break;
	case OPT_OR:
		if (parse_or(arg, opt) < 0)
			return cmd_usage_error("simulate", "--or takes FACTOR=X with "
					       "a known factor and 0 < X < 1000, "
					       "not '%s'", arg);
		break;
	}
	return EXIT_OK;
}

static const struct cmd_spec spec = {
	.name = "simulate",
	.about = "usage: cramplog simulate --out DIR [OPTIONS]\n"
		 "\n"
		 "Writes the training, hydration and diet logs of a simulated squad, in the\n"
		 "native formats, with cramp episodes drawn from a model whose odds ratio\n"
		 "per factor is set below. The same seed gives the same files.\n"
		 "\n"
		 "options:\n",
	.options = options,
	.width = 23,
	.after = "\n"
		 "exit status: 0, 64 usage, 73 a file cannot be created, 74 a write error.\n",
	.operands = 0,
	.take = take,
};

int cmd_simulate(int argc, char **argv)
{
	struct sim_options opt;
	struct sim_sink sink;
	struct sim_summary sum;
	struct writer w;
	struct choices ch = { &opt, &w };
	struct cmd_args args = { .ctx = &ch };
	struct diag d = DIAG_INIT;
	int rc, code = EXIT_OK;

	sim_options_init(&opt);
	memset(&w, 0, sizeof(w));
	strbuf_init(&w.path);
	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	if (!w.dir)
		return cmd_usage_error("simulate", "--out DIR is required");
	/* The last day must stay within the calendar cramplog accepts. */
	if (opt.start_day + (int32_t)opt.days - 1 >
	    calendar_days_from_civil(CALENDAR_MAX_YEAR, 12, 31))
		return cmd_usage_error("simulate", "the simulation would end "
				       "after %d-12-31", CALENDAR_MAX_YEAR);
	if (mkdir(w.dir, 0700) < 0 && errno != EEXIST) {
		cmd_printf(stderr, "cramplog simulate: cannot create %s: %s\n",
			   w.dir, strerror(errno));
		return EXIT_CANTCREAT;
	}
	w.week_key = -1;
	if (!w.weekly && open_files(&w, "") < 0)
		goto fail;
	sink.ctx = &w;
	sink.training = put_training;
	sink.hydration = put_hydration;
	sink.diet = put_diet;
	rc = sim_run(&opt, &sink, &sum, &d);
	if (rc < 0) {
		cmd_print_diag(&d);
		diag_release(&d);
		close_files(&w);
		strbuf_release(&w.path);
		return EXIT_SOFTWARE;
	}
	if (rc > 0 || close_files(&w) < 0)
		goto fail;
	cmd_printf(stdout, "simulate: %u athletes, %u days: %llu sessions "
		   "(%llu with a cramp), %llu hydration rows, %llu diet rows "
		   "in %s\n", opt.athletes, opt.days,
		   (unsigned long long)sum.sessions,
		   (unsigned long long)sum.cramps,
		   (unsigned long long)sum.hydration,
		   (unsigned long long)sum.diet, w.dir);
	strbuf_release(&w.path);
	return cmd_finish(code);
fail:
	cmd_printf(stderr, "cramplog simulate: %s %s: %s\n",
		   w.cant_create ? "cannot create" : "cannot write",
		   w.path.len ? w.path.buf : w.dir, strerror(w.failed_errno));
	close_files(&w);
	strbuf_release(&w.path);
	return w.cant_create ? EXIT_CANTCREAT : EXIT_IOERR;
}
