/*
 * cramplog simulate: write a simulated squad's training, hydration and diet
 * logs in the native formats, as three files or one file per ISO week.
 */
#include "calendar.h"
#include "cmd.h"
#include "csv_writer.h"
#include "outfile.h"
#include "simulate.h"
#include "strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where rows go: three files, or per ISO week three files at a time, each
 * a new private file renamed into place once whole (outfile.h). */
struct writer {
	const char *dir;
	const char *db;         /* cramplog's database, never written; NULL:
				 * none known (a server's, or no HOME) */
	int weekly;
	int week_key;           /* iso year * 100 + week of the open files */
	struct outfile file[3]; /* training, hydration, diet */
	FILE *fp[3];            /* writing file[k]'s temporary file */
	struct strbuf path[3];  /* their names, as the user gave the dir */
	int code;               /* EXIT_OK, or the first failure's exit code */
	int failed;             /* with EXIT_IOERR: the kind of the file */
	int failed_errno;       /* that a write to failed, and why */
};

static const enum log_kind kinds[3] = { KIND_TRAINING, KIND_HYDRATION, KIND_DIET };

static void file_name(struct strbuf *sb, const char *dir, int k,
		      const char *suffix)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/%s%s.csv", dir, model_kind_name(kinds[k]), suffix);
}

/* "-2026-W02" for --weekly's files of the week of day. */
static void week_suffix(int32_t day, char *suffix, size_t size, int *key)
{
	int year, week;

	calendar_iso_week(day, &year, &week);
	snprintf(suffix, size, "-%04d-W%02d", year, week);
	*key = year * 100 + week;
}

/* Whether the three files of suffix may be written: EXIT_OK, or an exit
 * code after a message: 64 for cramplog's own database or one of its
 * files, 73 for another SQLite file or another user's link in a shared
 * directory (outfile_check). */
static int check_files(struct writer *w, const char *suffix,
		       struct strbuf *name)
{
	struct diag d = DIAG_INIT;

	for (int k = 0; k < 3; k++) {
		file_name(name, w->dir, k, suffix);
		if (w->db && cmd_is_database(name->buf, w->db))
			return cmd_usage_error("simulate", "%s is the database or "
					       "one of its files: write to "
					       "another directory", name->buf);
		if (outfile_check(name->buf, &d) < 0) {
			cmd_print_diag(&d);
			diag_release(&d);
			return EXIT_CANTCREAT;
		}
	}
	return EXIT_OK;
}

/* Every file the run will write checked before any is: EXIT_OK or an
 * exit code after a message (check_files). */
static int check_all(struct writer *w, const struct sim_options *opt)
{
	struct strbuf name = STRBUF_INIT;
	char suffix[16];
	int key, last = -1, code = EXIT_OK;

	if (!w->weekly)
		code = check_files(w, "", &name);
	for (unsigned i = 0; w->weekly && i < opt->days && code == EXIT_OK; i++) {
		week_suffix(opt->start_day + (int32_t)i, suffix, sizeof(suffix),
			    &key);
		if (key != last)
			code = check_files(w, suffix, &name);
		last = key;
	}
	strbuf_release(&name);
	return code;
}

/* Closes the open files: renamed into place when keep and written whole,
 * else removed. EXIT_OK, or an exit code after a message (for the first
 * file that failed: 74 a write, 73 the rename). */
static int close_files(struct writer *w, int keep)
{
	struct diag d = DIAG_INIT;
	int code = EXIT_OK;

	for (int k = 0; k < 3; k++) {
		FILE *fp = w->fp[k];
		int err = 0;

		if (!fp)
			continue;
		w->fp[k] = NULL;
		/* A new file flushed to the disk; a device or a pipe as is. */
		if (fflush(fp) != 0 || (w->file[k].tmp && fsync(fileno(fp)) < 0))
			err = errno;
		if (fclose(fp) != 0 && !err)
			err = errno;
		if (!keep || err || code != EXIT_OK) {
			outfile_discard(&w->file[k]);
			if (keep && err && code == EXIT_OK) {
				w->failed = k;
				w->failed_errno = err;
				code = EXIT_IOERR;
			}
		} else if (outfile_commit(&w->file[k], &d) < 0) {
			cmd_print_diag(&d);
			diag_release(&d);
			code = EXIT_CANTCREAT;
		}
	}
	return code;
}

/* Opens the three files of suffix, each a new temporary file, and writes
 * their headers. EXIT_OK, or an exit code after a message (73: a file
 * that cannot be made or is refused), with none left open. */
static int open_files(struct writer *w, const char *suffix)
{
	struct diag d = DIAG_INIT;

	for (int k = 0; k < 3; k++) {
		file_name(&w->path[k], w->dir, k, suffix);
		if (outfile_open(&w->file[k], w->path[k].buf, &d) < 0) {
			cmd_print_diag(&d);
			diag_release(&d);
			close_files(w, 0);
			return EXIT_CANTCREAT;
		}
		if (!(w->fp[k] = fdopen(w->file[k].fd, "w"))) {
			w->failed = k;
			w->failed_errno = errno;
			outfile_discard(&w->file[k]);
			close_files(w, 0);
			return EXIT_IOERR;
		}
		w->file[k].fd = -1;     /* fp owns it now */
		if (csv_writer_header(w->fp[k], kinds[k]) < 0) {
			w->failed = k;
			w->failed_errno = errno;
			close_files(w, 0);
			return EXIT_IOERR;
		}
	}
	return EXIT_OK;
}

/* The file of kind k for a row dated date: a new week's files replace
 * the last week's, which are renamed into place. NULL when that fails
 * (w->code set, after a message for 73). */
static FILE *file_for(struct writer *w, int k, const char *date)
{
	int32_t day;
	char suffix[16];
	int key;

	if (!w->weekly)
		return w->fp[k];
	if (calendar_parse_date(date, 10, &day) < 0) {
		errno = EINVAL;
		return NULL;
	}
	week_suffix(day, suffix, sizeof(suffix), &key);
	if (key != w->week_key) {
		if ((w->code = close_files(w, 1)) != EXIT_OK ||
		    (w->code = open_files(w, suffix)) != EXIT_OK)
			return NULL;
		w->week_key = key;
	}
	return w->fp[k];
}

/* A row of kind k that could not be written: its file is named at the
 * end (74), unless a failure came first. Stops the simulation. */
static int put_failed(struct writer *w, int k)
{
	if (w->code == EXIT_OK) {
		w->code = EXIT_IOERR;
		w->failed = k;
		w->failed_errno = errno ? errno : EIO;
	}
	return 1;
}

static int put_training(void *ctx, const struct training_row *row)
{
	struct writer *w = ctx;
	FILE *fp = file_for(w, 0, row->date);

	return !fp || csv_writer_training(fp, row) < 0 ? put_failed(w, 0) : 0;
}

static int put_hydration(void *ctx, const struct hydration_row *row)
{
	struct writer *w = ctx;
	FILE *fp = file_for(w, 1, row->date);

	return !fp || csv_writer_hydration(fp, row) < 0 ? put_failed(w, 1) : 0;
}

static int put_diet(void *ctx, const struct diet_row *row)
{
	struct writer *w = ctx;
	FILE *fp = file_for(w, 2, row->date);

	return !fp || csv_writer_diet(fp, row) < 0 ? put_failed(w, 2) : 0;
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

static int parse_or(const char *arg, struct sim_options *opt)
{
	const char *eq = strchr(arg, '=');
	double x;

	if (!eq || cmd_parse_number(eq + 1, &x) < 0 || !(x > 0 && x < 1000))
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
		if (cmd_parse_number(arg, &opt->base_rate) < 0 ||
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
		 "Each file is a new private file (0600) renamed into place once whole; an\n"
		 "SQLite database, the database's files and another user's link in a\n"
		 "shared directory are refused before anything is written.\n"
		 "\n"
		 "exit status: 0, 64 usage (an output that is the database), 73 a file\n"
		 "cannot be created or is refused, 74 a write error.\n",
	.operands = 0,
	.take = take,
};

/* The files written from the simulation, each renamed into place once
 * whole: an exit code, after a message when it is not EXIT_OK. */
static int write_files(struct writer *w, const struct sim_options *opt,
		       struct sim_summary *sum)
{
	struct sim_sink sink = { w, put_training, put_hydration, put_diet };
	struct diag d = DIAG_INIT;
	int rc;

	if ((w->code = check_all(w, opt)) != EXIT_OK)
		return w->code;
	w->week_key = -1;
	if (!w->weekly && (w->code = open_files(w, "")) != EXIT_OK)
		return w->code;
	rc = sim_run(opt, &sink, sum, &d);
	if (rc < 0) {
		cmd_print_diag(&d);
		diag_release(&d);
		w->code = EXIT_SOFTWARE;
	}
	if (w->code == EXIT_OK)
		w->code = close_files(w, 1);
	close_files(w, 0);
	if (w->code == EXIT_IOERR)
		cmd_printf(stderr, "cramplog simulate: cannot write %s: %s\n",
			   w->path[w->failed].buf, strerror(w->failed_errno));
	return w->code;
}

int cmd_simulate(int argc, char **argv)
{
	struct sim_options opt;
	struct sim_summary sum;
	struct writer w;
	struct choices ch = { &opt, &w };
	struct cmd_args args = { .ctx = &ch };
	struct strbuf db = STRBUF_INIT;
	int code;

	sim_options_init(&opt);
	memset(&w, 0, sizeof(w));
	for (int k = 0; k < 3; k++)
		strbuf_init(&w.path[k]);
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
	/* The database other commands would open, never written here. */
	if (cmd_database_path(NULL, &db) >= 0 && !store_is_server(db.buf))
		w.db = db.buf;
	code = write_files(&w, &opt, &sum);
	for (int k = 0; k < 3; k++)
		strbuf_release(&w.path[k]);
	strbuf_release(&db);
	if (code != EXIT_OK)
		return code;
	cmd_printf(stdout, "simulate: %u athletes, %u days: %llu sessions "
		   "(%llu with a cramp), %llu hydration rows, %llu diet rows "
		   "in %s\n", opt.athletes, opt.days,
		   (unsigned long long)sum.sessions,
		   (unsigned long long)sum.cramps,
		   (unsigned long long)sum.hydration,
		   (unsigned long long)sum.diet, w.dir);
	return cmd_finish(EXIT_OK);
}
