/*
 * cramplog grant and revoke: who may see what, on PostgreSQL. A role is
 * given a team's athletes to read, or to read and write (import), or has
 * a team taken away; PostgreSQL's row-level security does the rest
 * (docs/database.md). On an SQLite file there is no such thing: whoever
 * can read the file reads all of it.
 */
#include "cmd.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_READ = OPT_OWN, OPT_WRITE };

static const struct cmd_option grant_options[] = {
	CMD_OPTION_DB,
	{ "team", OPT_TEAM, "NAME", "the team (required)", NULL },
	{ "read", OPT_READ, NULL, "its athletes and their rows to read", NULL },
	{ "write", OPT_WRITE, NULL, "to read and to write (import)", NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

static const struct cmd_option revoke_options[] = {
	CMD_OPTION_DB,
	{ "team", OPT_TEAM, "NAME", "the team (required)", NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

static int take(void *ctx, int code, const char *arg)
{
	enum store_access *access = ctx;

	(void)arg;
	*access = code == OPT_WRITE ? STORE_WRITE : STORE_READ;
	return EXIT_OK;
}

#define ACCESS_ABOUT \
	"PostgreSQL only (--db postgresql://...): row-level security makes a\n" \
	"role see and change only its teams' athletes and their rows; a role\n" \
	"that may only read cannot import. The database's owner keeps it all.\n" \
	"Run it as the owner.\n" \
	"\n" \
	"options:\n"
#define ACCESS_AFTER \
	"\n" \
	"exit status: 0, 64 usage (or an SQLite database: access control needs\n" \
	"the PostgreSQL store), 66 no database there, 69 the server cannot be\n" \
	"reached, 70 the database refused.\n"

#define ACCESS_SPEC(cmd, usage, opts) { \
	.name = cmd, .about = usage ACCESS_ABOUT, .options = opts, .width = 15, \
	.after = ACCESS_AFTER, .operands = 1, .take = take }

static const struct cmd_spec grant_spec = ACCESS_SPEC("grant",
	"usage: cramplog grant ROLE --team NAME --read|--write [--db URI]\n"
	"\n"
	"Gives ROLE (made, without login, when missing: grant it to login\n"
	"roles) the athletes of team NAME to read, or to read and write.\n",
	grant_options);

static const struct cmd_spec revoke_spec = ACCESS_SPEC("revoke",
	"usage: cramplog revoke ROLE --team NAME [--db URI]\n"
	"\n"
	"Takes team NAME from ROLE: it sees its athletes no more.\n",
	revoke_options);

static int run(const struct cmd_spec *spec, int argc, char **argv)
{
	enum store_access access = spec == &revoke_spec ? STORE_REVOKE :
				   (enum store_access)-1;
	struct cmd_args args = { .ctx = &access };
	struct diag d = DIAG_INIT;
	const char *role, *db;
	store *st = NULL;
	int code, rc;

	if (!cmd_parse(spec, argc, argv, &args))
		return args.code;
	if (args.noperands != 1)
		return cmd_usage_error(spec->name, "give the ROLE");
	role = args.operands[0];
	if (!args.team)
		return cmd_usage_error(spec->name, "give the team: --team NAME");
	if ((int)access < 0)
		return cmd_usage_error(spec->name, "give --read or --write");
	if (!*role || strlen(role) > 63 ||
	    text_utf8_check(role, strlen(role)) != strlen(role) ||
	    text_find_control(role, strlen(role)) != strlen(role))
		return cmd_usage_error(spec->name, "ROLE must be a PostgreSQL "
				       "role's name: 1 to 63 bytes of UTF-8, no "
				       "control character");
	db = args.db ? args.db : getenv("CRAMPLOG_DB");
	if (!db || !store_is_server(db))
		return cmd_usage_error(spec->name, "access control needs the "
				       "PostgreSQL store (--db postgresql://...): "
				       "an SQLite file is read whole by whoever "
				       "can read the file");
	if ((code = cmd_open_store(spec->name, db, STORE_CREATE, &st)) != EXIT_OK)
		return code;
	rc = store_grant(st, role, args.team, access, &d);
	store_close(st);
	if (rc < 0) {
		cmd_print_diag(&d);
		diag_release(&d);
		return EXIT_SOFTWARE;
	}
	if (rc == 1)
		cmd_printf(stdout, "%s had no access to team %s: nothing to "
			   "revoke\n", role, args.team);
	else if (access == STORE_REVOKE)
		cmd_printf(stdout, "%s: team %s revoked\n", role, args.team);
	else
		cmd_printf(stdout, "%s: team %s granted to %s\n", role,
			   args.team, access == STORE_WRITE ? "read and write" :
			   "read");
	return cmd_finish(EXIT_OK);
}

int cmd_grant(int argc, char **argv)
{
	return run(&grant_spec, argc, argv);
}

int cmd_revoke(int argc, char **argv)
{
	return run(&revoke_spec, argc, argv);
}
