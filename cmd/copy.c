/*
 * cramplog copy: copies a whole database into another, empty one, between
 * backends or within one (an SQLite file to a PostgreSQL server and back),
 * in one transaction, checked by each table's count of rows
 * (store_copy; docs/database.md).
 */
#include "cmd.h"
#include "json.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>

enum { OPT_COPY_FROM = OPT_OWN, OPT_COPY_TO };

static const struct cmd_option options[] = {
	{ "from", OPT_COPY_FROM, "DB", "the database to copy (an SQLite file or a\n"
	  "PostgreSQL URI): only read", NULL },
	{ "to", OPT_COPY_TO, "DB", "the database to copy into: a new file, or one\n"
	  "without rows", NULL },
	{ "format", OPT_FORMAT, "FORMAT", "text (default) or json", NULL },
	{ NULL, 0, NULL, NULL, NULL }
};

struct copy_args {
	const char *from, *to;
};

static int take(void *ctx, int code, const char *arg)
{
	struct copy_args *a = ctx;

	if (code == OPT_COPY_FROM)
		a->from = arg;
	else
		a->to = arg;
	return EXIT_OK;
}

static const struct cmd_spec spec = {
	.name = "copy",
	.about = "usage: cramplog copy --from DB --to DB [--format text|json]\n"
		 "\n"
		 "Copies every row of database --from into database --to, each an\n"
		 "SQLite file or a PostgreSQL URI (postgresql://...): a club moving\n"
		 "from its file to a server, or back. --to is made when missing, and\n"
		 "must hold no row; --from is only read. One transaction: the copy\n"
		 "lands whole, and only when each table's count of rows is the same\n"
		 "on both sides (the counts are printed), or not at all. Who may see\n"
		 "what on PostgreSQL (cramplog grant) is not copied.\n"
		 "\n"
		 "options:\n",
	.options = options,
	.width = 19,
	.after = "\n"
		 "exit status: 0; 64 usage (or --from and --to one database); 66\n"
		 "--from missing, empty, not cramplog's, or of another schema version\n"
		 "(upgrade it first), or --to not cramplog's; 69 a server cannot be\n"
		 "reached; 70 the counts differ or a database error (nothing written);\n"
		 "73 --to holds rows, or cannot be made or written.\n",
	.formats = cmd_text_json,
	.take = take,
};

static void print_json(const store *from, const store *to,
		       const struct store_copy_result *r, int copied)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	json_init(&j, &sb, 0);
	json_object(&j, NULL);
	json_string(&j, "from", store_path(from));
	json_string(&j, "to", store_path(to));
	json_bool(&j, "copied", copied);
	json_array(&j, "tables");
	for (size_t i = 0; i < r->ntables; i++) {
		json_object(&j, NULL);
		json_string(&j, "table", r->tables[i].name);
		json_int(&j, "source", r->tables[i].source);
		if (r->tables[i].destination < 0)
			json_null(&j, "destination");
		else
			json_int(&j, "destination", r->tables[i].destination);
		json_end(&j);
	}
	json_end(&j);
	json_int(&j, "grants_not_copied", r->grants);
	json_end(&j);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
}

static void print_text(const store *from, const store *to,
		       const struct store_copy_result *r, int copied)
{
	cmd_printf(stdout, "%s %s to %s\n", copied ? "copied" :
		   "not copied (rolled back):", store_path(from), store_path(to));
	printf("  %-12s %12s %12s\n", "table", "source", "destination");
	for (size_t i = 0; i < r->ntables; i++) {
		const struct store_copy_table *t = &r->tables[i];

		cmd_printf(stdout, "  %-12s %12lld ", t->name,
			   (long long)t->source);
		if (t->destination < 0)
			printf("%12s  (no such table there: not copied)\n", "-");
		else
			printf("%12lld%s\n", (long long)t->destination,
			       t->destination != t->source ? "  MISMATCH" : "");
	}
	if (r->grants)
		printf("  %lld grants of who may see what not copied: run "
		       "'cramplog grant' on the destination\n",
		       (long long)r->grants);
}

int cmd_copy(int argc, char **argv)
{
	struct copy_args a = { NULL, NULL };
	struct cmd_args args = { .ctx = &a };
	struct store_copy_result r;
	struct diag d = DIAG_INIT;
	store *from = NULL, *to = NULL;
	int code, rc;

	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	if (!a.from || !a.to)
		return cmd_usage_error("copy", "give both databases: --from DB "
				       "--to DB");
	/* The same file under two names: refused before it is opened to
	 * write (the same PostgreSQL database is told by the store). */
	if (!store_is_server(a.from) && !store_is_server(a.to) &&
	    cmd_is_database(a.to, a.from))
		return cmd_usage_error("copy", "--from and --to are one database "
				       "(%s): nothing to copy", a.from);
	if ((code = cmd_open_store("copy", a.from, STORE_READONLY, &from)) !=
	    EXIT_OK)
		return code;
	if ((code = cmd_open_store("copy", a.to, STORE_CREATE, &to)) !=
	    EXIT_OK) {
		store_close(from);
		return code;
	}
	rc = store_copy(from, to, &r, &d);
	if (rc == 0 || rc == STORE_COPY_MISMATCH) {
		if (args.format == 1)
			print_json(from, to, &r, rc == 0);
		else
			print_text(from, to, &r, rc == 0);
	}
	cmd_print_diag(&d);
	if (rc == STORE_COPY_FAILED)
		cmd_printf(stderr, "cramplog copy: rolled back: no row written to "
			   "%s\n", store_path(to));
	diag_release(&d);
	store_copy_result_release(&r);
	store_close(to);
	store_close(from);
	code = cmd_finish(EXIT_OK);
	switch (rc) {
	case 0:
		return code;
	case STORE_COPY_SAME:
		return EXIT_USAGE;
	case STORE_COPY_NOT_EMPTY:
		return EXIT_CANTCREAT;
	default:
		return EXIT_SOFTWARE;
	}
}
