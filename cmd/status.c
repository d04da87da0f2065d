/*
 * cramplog status: what the database holds (counts, dates) and the last
 * imports.
 */
#include "cmd.h"
#include "json.h"
#include "strbuf.h"

#include <string.h>

#define RECENT_IMPORTS 10

static const struct cmd_spec spec = {
	.name = "status",
	.about = "usage: cramplog status [--db PATH] [--format text|json]\n"
		 "\n"
		 "Counts the athletes, training sessions (and cramp episodes), hydration\n"
		 "and diet rows, gives the first and last date, and lists the last\n"
		 "imports.\n"
		 "\n"
		 "options:\n",
	.options = cmd_listing_options,
	.width = 21,
	.after = "\n"
		 "exit status: 0, 64 usage, 66 no database there.\n",
	.formats = cmd_text_json,
};

static int import_json(const struct store_import_info *in, void *arg)
{
	struct json *j = arg;

	json_object(j, NULL);
	json_string(j, "file", in->file);
	json_string(j, "kind", in->kind);
	json_string(j, "imported_at", in->imported_at);
	json_uint(j, "rows", in->counts.rows);
	json_uint(j, "added", in->counts.added);
	json_uint(j, "updated", in->counts.updated);
	json_uint(j, "unchanged", in->counts.unchanged);
	json_uint(j, "rejected", in->counts.rejected);
	json_end(j);
	return 0;
}

static int import_text(const struct store_import_info *in, void *arg)
{
	(void)arg;
	cmd_printf(stdout, "  %s  %-9s  %s: %llu rows, %llu added, %llu "
		   "updated, %llu unchanged, %llu rejected\n", in->imported_at,
		   in->kind, in->file, (unsigned long long)in->counts.rows,
		   (unsigned long long)in->counts.added,
		   (unsigned long long)in->counts.updated,
		   (unsigned long long)in->counts.unchanged,
		   (unsigned long long)in->counts.rejected);
	return 0;
}

int cmd_status(int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;
	struct store_status s;
	struct diag d = DIAG_INIT;
	struct cmd_args args = { 0 };
	int as_json, code;
	store *st = NULL;

	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	as_json = args.format == 1;
	if ((code = cmd_open_store("status", args.db, STORE_READONLY, &st)) != EXIT_OK)
		return code;
	if ((code = cmd_set_team("status", st, args.team)) != EXIT_OK) {
		store_close(st);
		return code;
	}
	if (store_get_status(st, &s, &d) < 0)
		goto fail;
	if (as_json) {
		struct json j;

		json_init(&j, &sb, 0);
		json_object(&j, NULL);
		json_string(&j, "database", store_path(st));
		if (args.team)
			json_string(&j, "team", args.team);
		json_int(&j, "athletes", s.athletes);
		json_int(&j, "training", s.training);
		json_int(&j, "hydration", s.hydration);
		json_int(&j, "diet", s.diet);
		json_int(&j, "cramps", s.cramps);
		json_string(&j, "first_date", *s.first_date ? s.first_date : NULL);
		json_string(&j, "last_date", *s.last_date ? s.last_date : NULL);
		json_array(&j, "imports");
		if (store_each_import(st, RECENT_IMPORTS, import_json, &j, &d) != 0)
			goto fail;
		json_end(&j);
		json_end(&j);
		fputs(sb.buf, stdout);
	} else {
		cmd_printf(stdout, "database   %s\n", store_path(st));
		if (args.team)
			cmd_printf(stdout, "team       %s\n", args.team);
		printf("athletes   %lld\n", (long long)s.athletes);
		printf("training   %lld sessions, %lld with a cramp\n",
		       (long long)s.training, (long long)s.cramps);
		printf("hydration  %lld rows\n", (long long)s.hydration);
		printf("diet       %lld rows\n", (long long)s.diet);
		if (*s.first_date)
			printf("dates      %s to %s\n", s.first_date, s.last_date);
		else
			printf("dates      none yet\n");
		if (s.imports) {
			printf("last imports (newest first):\n");
			if (store_each_import(st, RECENT_IMPORTS, import_text,
					      NULL, &d) != 0)
				goto fail;
		}
	}
	strbuf_release(&sb);
	store_close(st);
	return cmd_finish(EXIT_OK);
fail:
	cmd_print_diag(&d);
	diag_release(&d);
	strbuf_release(&sb);
	store_close(st);
	return EXIT_SOFTWARE;
}
