/*
 * cramplog import: read log files into the database, one transaction per
 * file, and say what each file added, updated, left unchanged or rejected.
 */
#include "cmd.h"
#include "text.h"
#include "import.h"
#include "json.h"
#include "strbuf.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The most problems listed per file; the rest are counted. */
#define MAX_LISTED 100

enum { OPT_KIND = OPT_OWN, OPT_ATHLETE_NAME, OPT_TEAM_NAME, OPT_FORMAT_HINT, OPT_UNITS,
       OPT_DRY_RUN, OPT_SKIP_INVALID, OPT_QUIET = 'q' };

static const struct cmd_option options[] = {
	CMD_OPTION_DB,
	{ "kind", OPT_KIND, "KIND", "training, hydration or diet, whatever the "
	  "header", NULL },
	{ "athlete", OPT_ATHLETE_NAME, "NAME", "whose an app's export is "
	  "(required for them: they\nhold one person's data and name no one)",
	  NULL },
	{ "team", OPT_TEAM_NAME, "NAME", "that athlete's team (a native log "
	  "gives it in its\nteam column)", NULL },
	{ "format-hint", OPT_FORMAT_HINT, "APP", "the app, whatever the header: "
	  "garmin, strava,\nstrava-2019, trainingpeaks, intervals, cronometer,\n"
	  "cronometer-biometrics, trainingpeaks-metrics,\nmyfitnesspal, "
	  "intervals-wellness,\nmyfitnesspal-measurements", NULL },
	{ "units", OPT_UNITS, "UNITS", "metric (default) or imperial: the units "
	  "of the\naccount that wrote a Garmin, Strava or MyFitnessPal\nexport "
	  "(miles, pounds); remembered for the\nathlete's later exports of that "
	  "app", NULL },
	{ "dry-run", OPT_DRY_RUN, NULL, "check and count, write nothing", NULL },
	{ "skip-invalid", OPT_SKIP_INVALID, NULL, "import the valid rows, list "
	  "the others", NULL },
	{ "quiet", OPT_QUIET, NULL, "no progress and no summary lines (problems "
	  "still)", NULL },
	{ "format", OPT_FORMAT, "FORMAT", "text (default) or json", NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

struct choices {
	struct import_options *opt;
	int quiet;
};

static int take(void *ctx, int code, const char *arg)
{
	struct choices *ch = ctx;
	struct import_options *opt = ch->opt;

	switch (code) {
	case OPT_KIND:
		if ((opt->kind = model_kind_from_name(arg)) == KIND_NONE)
			return cmd_usage_error("import", "--kind must be training, "
					       "hydration or diet, not '%s'", arg);
		break;
	case OPT_ATHLETE_NAME:
		opt->athlete = arg;
		return cmd_check_name("import", "athlete", arg);
	case OPT_TEAM_NAME:
		opt->team = arg;
		return cmd_check_name("import", "team", arg);
	case OPT_FORMAT_HINT:
		if (!import_format_known(arg))
			return cmd_usage_error("import", "--format-hint must be one "
					       "of %s, not '%s'",
					       import_format_names(), arg);
		opt->format_hint = arg;
		break;
	case OPT_UNITS:
		opt->units_given = 1;
		opt->imperial = strcmp(arg, "imperial") == 0;
		if (!opt->imperial && strcmp(arg, "metric") != 0)
			return cmd_usage_error("import", "--units must be metric or "
					       "imperial, not '%s'", arg);
		break;
	case OPT_DRY_RUN:
		opt->dry_run = 1;
		break;
	case OPT_SKIP_INVALID:
		opt->skip_invalid = 1;
		break;
	case OPT_QUIET:
		ch->quiet = 1;
		break;
	}
	return EXIT_OK;
}

static const struct cmd_spec spec = {
	.name = "import",
	.about = "usage: cramplog import [OPTIONS] FILE...\n"
		 "\n"
		 "Imports training, hydration or diet logs (CSV) into the database: the\n"
		 "native formats, and the exports of Garmin Connect (activities), Strava\n"
		 "(activities.csv), TrainingPeaks (workouts.csv), intervals.icu (activities\n"
		 "and wellness), Cronometer (dailysummary.csv) and MyFitnessPal\n"
		 "(Nutrition-Summary, Measurement-Summary); see docs/formats.md. Each file\n"
		 "is one transaction: all its rows or none. '-' reads standard input. The\n"
		 "kind of log and the app are told from the header line.\n"
		 "\n"
		 "options:\n",
	.options = options,
	.width = 21,
	.after = "\n"
		 "exit status: 0 all imported, 64 usage, 65 a file has invalid rows (and\n"
		 "nothing of it was written), 66 a file cannot be opened, 70 or 73 the\n"
		 "database failed, 74 a read or write error (the rows may be in: see\n"
		 "status).\n"
		 "environment: TZ, the time zone Strava's UTC times are put in.\n",
	.formats = cmd_text_json,
	.operands = -1,
	.take = take,
};

struct progress {
	int enabled;
	struct timespec start;
	struct timespec last;
	int shown;
};

static double seconds_between(const struct timespec *a,
			      const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Shows percent and rows/s on the terminal, once the import has taken
 * half a second, at most ten times a second. */
static void show_progress(const char *name, uint64_t done, uint64_t total,
			  uint64_t rows, void *arg)
{
	struct progress *pr = arg;
	struct timespec now;
	double elapsed;

	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed = seconds_between(&pr->start, &now);
	if (elapsed < 0.5 || seconds_between(&pr->last, &now) < 0.1)
		return;
	pr->last = now;
	pr->shown = 1;
	fputs("\r\033[K", stderr);
	if (total)
		cmd_printf(stderr, "%s: %3.0f%%, %.0f rows/s", name,
			   100.0 * (double)done / (double)total,
			   (double)rows / elapsed);
	else
		cmd_printf(stderr, "%s: %llu rows, %.0f rows/s", name,
			   (unsigned long long)rows, (double)rows / elapsed);
}

/* The same while a file sorted whole is written (the rows all read):
 * the share of them written. */
static void show_writing(const char *name, uint64_t done, uint64_t total,
			 void *arg)
{
	struct progress *pr = arg;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (seconds_between(&pr->start, &now) < 0.5 ||
	    (done < total && seconds_between(&pr->last, &now) < 0.1))
		return;
	pr->last = now;
	pr->shown = 1;
	fputs("\r\033[K", stderr);
	cmd_printf(stderr, "%s: rows read and sorted; writing, %3.0f%%",
		   name, total ? 100.0 * (double)done / (double)total : 100.0);
}

static void clear_progress(struct progress *pr)
{
	if (pr->shown)
		fputs("\r\033[K", stderr);
	pr->shown = 0;
}

static int status_exit(enum import_status s)
{
	switch (s) {
	case IMPORT_OK: return EXIT_OK;
	case IMPORT_REJECTED: return EXIT_DATAERR;
	case IMPORT_NO_INPUT: return EXIT_NOINPUT;
	case IMPORT_IO_ERROR: return EXIT_IOERR;
	default: return EXIT_SOFTWARE;
	}
}

/* The exit status of several files: the most serious one. */
static int worse(int a, int b)
{
	static const int order[] = { EXIT_OK, EXIT_DATAERR, EXIT_NOINPUT,
				     EXIT_IOERR, EXIT_CANTCREAT, EXIT_SOFTWARE };
	int ra = 0, rb = 0;

	for (int i = 0; i < (int)(sizeof(order) / sizeof(order[0])); i++) {
		if (order[i] == a)
			ra = i;
		if (order[i] == b)
			rb = i;
	}
	return rb > ra ? b : a;
}

static void add_json_diag(struct json *j, const char *key,
			  const struct diag *d, enum diag_level level)
{
	json_array(j, key);
	for (size_t i = 0; i < d->count; i++) {
		const struct diag_entry *e = &d->entries[i];

		if (e->level != level)
			continue;
		json_object(j, NULL);
		json_uint(j, "line", e->line);
		json_uint(j, "column", e->column);
		json_string(j, "message", e->message);
		json_end(j);
	}
	json_end(j);
}

static void add_json_file(struct json *j, const char *file,
			  const struct import_result *res,
			  enum import_status status, const struct diag *d,
			  int dry_run)
{
	const struct import_counts *c = &res->counts;

	json_object(j, NULL);
	json_string(j, "file", file);
	json_string(j, "kind", res->kind == KIND_NONE ? NULL :
		    model_kind_name(res->kind));
	json_string(j, "format", res->format);
	json_bool(j, "imported", status == IMPORT_OK && !dry_run);
	json_bool(j, "dry_run", dry_run);
	json_uint(j, "rows", c->rows);
	json_uint(j, "added", c->added);
	json_uint(j, "updated", c->updated);
	json_uint(j, "unchanged", c->unchanged);
	json_uint(j, "rejected", c->rejected);
	add_json_diag(j, "errors", d, DIAG_ERROR);
	add_json_diag(j, "warnings", d, DIAG_WARNING);
	json_uint(j, "errors_not_listed", d->dropped);
	json_end(j);
}

static void print_text_summary(const char *file,
			       const struct import_result *res,
			       enum import_status status, int dry_run)
{
	const struct import_counts *c = &res->counts;

	if (status == IMPORT_REJECTED) {
		cmd_printf(stdout, "%s: rejected, nothing written", file);
		if (c->rejected)
			printf(" (%llu of %llu rows invalid; --skip-invalid "
			       "imports the others)", (unsigned long long)c->rejected,
			       (unsigned long long)c->rows);
		putchar('\n');
		return;
	}
	if (status != IMPORT_OK)
		return;
	cmd_printf(stdout, "%s: %s%s%s%s, %llu rows: %llu added, %llu updated, "
		   "%llu unchanged, %llu rejected%s\n", file,
		   res->kind == KIND_NONE ? "unknown kind" :
					    model_kind_name(res->kind),
		   res->format && import_format_known(res->format) ? " (" : "",
		   res->format && import_format_known(res->format) ?
			   res->format : "",
		   res->format && import_format_known(res->format) ? ")" : "",
		   (unsigned long long)c->rows, (unsigned long long)c->added,
		   (unsigned long long)c->updated,
		   (unsigned long long)c->unchanged,
		   (unsigned long long)c->rejected,
		   dry_run ? " (dry run: nothing written)" : "");
}

/* What import_file says of a file it cannot open, for a closed standard
 * input. */
static enum import_status stdin_missing(struct import_result *res,
					struct diag *d)
{
	memset(res, 0, sizeof(*res));
	diag_add(d, DIAG_ERROR, "<stdin>", 0, 0, "cannot read: standard input "
		 "is closed");
	return IMPORT_NO_INPUT;
}

/* Whether no file of argv[from..argc) can be opened (none is standard
 * input): then the import writes nothing, and makes no database either.
 * Told without opening them: a FIFO opened and closed here would let its
 * writer go on to find no reader. */
static int none_opens(int argc, char **argv, int from)
{
	for (int i = from; i < argc; i++) {
		struct stat sb;

		if (strcmp(argv[i], "-") == 0)
			return 0;
		if (stat(argv[i], &sb) < 0 || S_ISDIR(sb.st_mode) ||
		    (S_ISREG(sb.st_mode) && access(argv[i], R_OK) < 0))
			continue;
		return 0;
	}
	return 1;
}

int cmd_import(int argc, char **argv)
{
	struct import_options opt = { 0 };
	struct strbuf json = STRBUF_INIT;
	struct json j;
	struct progress pr = { 0 };
	struct choices ch = { &opt, 0 };
	struct cmd_args args = { .ctx = &ch };
	int quiet, as_json, code = EXIT_OK, nstdin = 0;
	int stdin_closed;
	store *st = NULL;

	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	quiet = ch.quiet;
	as_json = args.format == 1;
	if (optind >= argc)
		return cmd_usage_error("import", "no file to import");
	for (int i = optind; i < argc; i++) {
		if (!*argv[i])
			return cmd_usage_error("import", "an empty file name");
		nstdin += strcmp(argv[i], "-") == 0;
	}
	if (nstdin > 1)
		return cmd_usage_error("import", "standard input ('-') can be "
				       "read only once");
	/* Checked before the database is opened: SQLite puts /dev/null in a
	 * closed standard descriptor, which would read as an empty file. */
	stdin_closed = nstdin && fcntl(STDIN_FILENO, F_GETFD) < 0;
	/* A dry run makes no database: one in memory stands in for it; so
	 * does it when no file can be opened (a name mistyped), which the
	 * import says of each. */
	if ((code = cmd_open_store("import", args.db, STORE_CREATE |
				   (opt.dry_run || none_opens(argc, argv, optind) ?
				    STORE_SCRATCH : 0), &st)) != EXIT_OK)
		return code;
	pr.enabled = !quiet && isatty(STDERR_FILENO);
	if (pr.enabled) {
		opt.progress = show_progress;
		opt.writing = show_writing;
		opt.progress_arg = &pr;
	}
	json_init(&j, &json, JSON_ROWS);
	if (as_json)
		json_array(&j, NULL);
	/* The kept exposures of all the files' athletes are made once, at
	 * the end, not at each file's commit. */
	if (argc - optind > 1)
		store_keep_later(st);
	for (int i = optind; i < argc; i++) {
		struct diag d = DIAG_INIT;
		struct import_result res;
		enum import_status s;
		const char *name = strcmp(argv[i], "-") == 0 ? "<stdin>" : argv[i];

		d.max = MAX_LISTED;
		clock_gettime(CLOCK_MONOTONIC, &pr.start);
		pr.last = pr.start;
		if (strcmp(argv[i], "-") == 0 && stdin_closed)
			s = stdin_missing(&res, &d);
		else
			s = import_file(st, argv[i], &opt, &res, &d);
		clear_progress(&pr);
		code = worse(code, status_exit(s));
		if (as_json) {
			add_json_file(&j, name, &res, s, &d, opt.dry_run);
			if (s != IMPORT_OK && s != IMPORT_REJECTED)
				cmd_print_diag(&d);
		} else {
			cmd_print_diag(&d);
			if (!quiet)
				print_text_summary(name, &res, s, opt.dry_run);
		}
		diag_release(&d);
		if (s == IMPORT_STORE_ERROR)
			break;      /* the database will not do better for the next */
	}
	if (code != EXIT_SOFTWARE) {
		struct diag d = DIAG_INIT;

		if (store_keep_now(st, &d) < 0) {
			cmd_print_diag(&d);
			code = EXIT_SOFTWARE;
		}
		diag_release(&d);
	}
	if (as_json) {
		json_end(&j);
		fputs(json.buf, stdout);
	}
	strbuf_release(&json);
	store_close(st);
	return cmd_finish(code);
}
