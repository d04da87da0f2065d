/*
 * cramplog upgrade: brings a database of an older schema up to this
 * build's, in place and whole (one transaction). Commands that only read
 * never change a database, so they send the user here.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>

static void usage(FILE *out)
{
	fprintf(out,
		"usage: cramplog upgrade [--db PATH]\n"
		"\n"
		"Upgrades the database to this cramplog's schema (version %d), in\n"
		"place and in one transaction, keeping every row. Commands that only\n"
		"read (status, analyze, report, ...) never change a database: they ask\n"
		"for this first. An import upgrades it too. Waits for other writers.\n"
		"\n"
		"  --db PATH   the database (default: $CRAMPLOG_DB, else\n"
		"              $XDG_DATA_HOME/cramplog/cramplog.db)\n"
		"  -h, --help  this help\n"
		"\n"
		"See cramplog-upgrade(1) (man cramplog-upgrade) for the whole "
		"reference.\n",
		STORE_SCHEMA_VERSION);
}

int cmd_upgrade(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL;
	store *st = NULL;
	int code, c, was, nargs = 0;

	opterr = 0;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, ":h", longopts, &nargs)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h':
			usage(stdout);
			return cmd_finish(EXIT_OK);
		default:
			return cmd_bad_option("upgrade", c, argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error("upgrade", "unexpected argument '%s'",
				       argv[optind]);
	if ((code = cmd_open_store("upgrade", db, 0, &st)) != EXIT_OK)
		return code;
	was = store_found_version(st);
	if (was < STORE_SCHEMA_VERSION)
		printf("%s: upgraded from schema version %d to %d\n",
		       store_path(st), was, STORE_SCHEMA_VERSION);
	else
		printf("%s: schema version %d already\n", store_path(st),
		       STORE_SCHEMA_VERSION);
	store_close(st);
	return cmd_finish(EXIT_OK);
}
