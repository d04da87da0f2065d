/*
 * cramplog: find what goes with muscle cramps in athletes' training,
 * hydration and diet logs. main() only dispatches to the commands.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "import", cmd_import, "import training, hydration or diet logs and app exports (CSV)" },
	{ "status", cmd_status, "what the database holds, and the last imports" },
	{ "athletes", cmd_athletes, "each athlete with counts, date range and team" },
	{ "analyze", cmd_analyze, "which factors go with cramps: odds ratios, tests, models" },
	{ "report", cmd_report, "the week's risk report: who is at risk, why, what to do" },
	{ "validate", cmd_validate, "backtest the weekly risk against what happened next" },
	{ "plot", cmd_plot, "charts with gnuplot: history, factors, team, load, calibration, dose" },
	{ "exposures", cmd_exposures, "per session: intakes, urine, load, sweat and the factor flags" },
	{ "simulate", cmd_simulate, "write a simulated squad's logs, for trials and tests" },
	{ "upgrade", cmd_upgrade, "bring a database of an older schema up to this one's" },
	{ "grant", cmd_grant, "give a PostgreSQL role a team's athletes to read or write" },
	{ "revoke", cmd_revoke, "take a team from a PostgreSQL role" },
	{ "copy", cmd_copy, "copy a whole database into an empty one (SQLite, PostgreSQL)" },
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: cramplog COMMAND [OPTIONS] [ARGS]\n"
		"       cramplog --help | --version\n"
		"\n"
		"Imports athletes' training, hydration and diet logs into one SQLite\n"
		"database and tells what goes with their muscle cramps.\n"
		"\n"
		"commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"'cramplog COMMAND --help' tells more of each. The database is --db PATH,\n"
		"else $CRAMPLOG_DB, else $XDG_DATA_HOME/cramplog/cramplog.db\n"
		"(~/.local/share/cramplog/cramplog.db). CRAMPLOG_THREADS=N caps the\n"
		"threads a command uses (1: one); NO_COLOR turns colour off.\n"
		"See cramplog(1) (man cramplog) for the whole reference.\n");
}

int main(int argc, char **argv)
{
	/* Health data is private: whatever we create is for the owner only. */
	umask(077);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return cmd_finish(EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("cramplog %s\n", CRAMPLOG_VERSION);
		return cmd_finish(EXIT_OK);
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	cmd_printf(stderr, "cramplog: '%s' is not a command; see 'cramplog "
		   "--help'\n", argv[1]);
	return EXIT_USAGE;
}
