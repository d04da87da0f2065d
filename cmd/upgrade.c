/*
 * cramplog upgrade: brings a database of an older schema up to this
 * build's, in place and whole (one transaction). Commands that only read
 * never change a database, so they send the user here.
 */
#include "cmd.h"

#include <stdio.h>

#define STRINGIFY(x) #x
#define TO_STRING(x) STRINGIFY(x)

static const struct cmd_option options[] = {
	CMD_OPTION_DB,
	{ NULL, 0, NULL, NULL, NULL }
};

static const struct cmd_spec spec = {
	.name = "upgrade",
	.about = "usage: cramplog upgrade [--db PATH]\n"
		 "\n"
		 "Upgrades the database to this cramplog's schema (version "
		 TO_STRING(STORE_SCHEMA_VERSION) "), in\n"
		 "place and in one transaction, keeping every row. Commands that only\n"
		 "read (status, analyze, report, ...) never change a database: they ask\n"
		 "for this first. An import upgrades it too. Waits for other writers.\n"
		 "\n",
	.options = options,
	.width = 14,
	.after = "\n",
};

int cmd_upgrade(int argc, char **argv)
{
	struct cmd_args args = { 0 };
	store *st = NULL;
	int code, was;

	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	if ((code = cmd_open_store("upgrade", args.db, 0, &st)) != EXIT_OK)
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
