/*
 * cramplog status: what the database holds (counts, dates) and the last
 * imports.
 */
#include "cmd.h"
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

static int add_counts_json(struct strbuf *sb, const struct import_counts *c)
{
	return strbuf_addf(sb, "\"rows\": %llu, \"added\": %llu, "
			   "\"updated\": %llu, \"unchanged\": %llu, "
			   "\"rejected\": %llu",
			   (unsigned long long)c->rows,
			   (unsigned long long)c->added,
			   (unsigned long long)c->updated,
			   (unsigned long long)c->unchanged,
			   (unsigned long long)c->rejected);
}

static int import_json(const struct store_import_info *in, void *arg)
{
	struct strbuf *sb = arg;
	int r = 0;

	if (sb->buf[sb->len - 1] == '}')
		r |= strbuf_addstr(sb, ", ");
	r |= strbuf_addstr(sb, "{\"file\": ");
	r |= strbuf_add_json_string(sb, in->file);
	r |= strbuf_addstr(sb, ", \"kind\": ");
	r |= strbuf_add_json_string(sb, in->kind);
	r |= strbuf_addstr(sb, ", \"imported_at\": ");
	r |= strbuf_add_json_string(sb, in->imported_at);
	r |= strbuf_addstr(sb, ", ");
	r |= add_counts_json(sb, &in->counts);
	r |= strbuf_addch(sb, '}');
	return r < 0;     /* 1: out of memory */
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

static int add_date_json(struct strbuf *sb, const char *key, const char *date)
{
	if (strbuf_addf(sb, ", \"%s\": ", key) < 0)
		return -1;
	return *date ? strbuf_add_json_string(sb, date) :
		       strbuf_addstr(sb, "null");
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
	if (store_get_status(st, &s, &d) < 0)
		goto fail;
	if (as_json) {
		int r = 0;

		r |= strbuf_addstr(&sb, "{\"database\": ");
		r |= strbuf_add_json_string(&sb, store_path(st));
		r |= strbuf_addf(&sb, ", \"athletes\": %lld, \"training\": %lld, "
				 "\"hydration\": %lld, \"diet\": %lld, "
				 "\"cramps\": %lld",
				 (long long)s.athletes, (long long)s.training,
				 (long long)s.hydration, (long long)s.diet,
				 (long long)s.cramps);
		r |= add_date_json(&sb, "first_date", s.first_date);
		r |= add_date_json(&sb, "last_date", s.last_date);
		r |= strbuf_addstr(&sb, ", \"imports\": [");
		if (r < 0)
			goto oom;
		if ((r = store_each_import(st, RECENT_IMPORTS, import_json, &sb,
					   &d)) != 0) {
			if (r > 0)
				goto oom;
			goto fail;
		}
		if (strbuf_addstr(&sb, "]}\n") < 0)
			goto oom;
		fputs(sb.buf, stdout);
	} else {
		cmd_printf(stdout, "database   %s\n", store_path(st));
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
oom:
	diag_error(&d, "out of memory");
fail:
	cmd_print_diag(&d);
	diag_release(&d);
	strbuf_release(&sb);
	store_close(st);
	return EXIT_SOFTWARE;
}
