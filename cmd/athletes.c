/*
 * cramplog athletes: each athlete in the database, with the number of rows
 * of each kind, cramp episodes, the dates covered and the team.
 */
#include "cmd.h"
#include "json.h"
#include "strbuf.h"

#include <string.h>

static const struct cmd_spec spec = {
	.name = "athletes",
	.about = "usage: cramplog athletes [--db PATH] [--format text|json]\n"
		 "\n"
		 "Lists every athlete: training sessions, cramp episodes, hydration and\n"
		 "diet rows, first and last date, team.\n"
		 "\n"
		 "options:\n",
	.options = cmd_listing_options,
	.width = 21,
	.after = "\n"
		 "exit status: 0, 64 usage, 66 no database there.\n",
	.formats = cmd_text_json,
};

struct listing {
	int as_json;
	struct strbuf out;
	size_t width;      /* of the name column, in text */
	struct json j;
};

static int measure(const struct store_athlete_info *a, void *arg)
{
	struct listing *l = arg;
	size_t w = cmd_display_width(a->name);

	if (w > l->width)
		l->width = w;
	return 0;
}

static int list(const struct store_athlete_info *a, void *arg)
{
	struct listing *l = arg;

	if (!l->as_json) {
		cmd_print_padded(stdout, a->name, l->width);
		printf("  %8lld  %6lld  %9lld  %6lld  %-10s  %-10s  ",
		       (long long)a->training, (long long)a->cramps,
		       (long long)a->hydration, (long long)a->diet,
		       *a->first_date ? a->first_date : "-",
		       *a->last_date ? a->last_date : "-");
		cmd_printf(stdout, "%s\n", a->team ? a->team : "-");
		return 0;
	}
	json_object(&l->j, NULL);
	json_string(&l->j, "name", a->name);
	json_int(&l->j, "training", a->training);
	json_int(&l->j, "cramps", a->cramps);
	json_int(&l->j, "hydration", a->hydration);
	json_int(&l->j, "diet", a->diet);
	json_string(&l->j, "first_date", *a->first_date ? a->first_date : NULL);
	json_string(&l->j, "last_date", *a->last_date ? a->last_date : NULL);
	json_string(&l->j, "team", a->team);
	json_end(&l->j);
	return 0;
}

int cmd_athletes(int argc, char **argv)
{
	struct listing l = { 0, STRBUF_INIT, 7, { 0 } };
	struct diag d = DIAG_INIT;
	struct cmd_args args = { 0 };
	int code;
	store *st = NULL;

	if (!cmd_parse(&spec, argc, argv, &args))
		return args.code;
	l.as_json = args.format == 1;
	if ((code = cmd_open_store("athletes", args.db, STORE_READONLY, &st)) != EXIT_OK)
		return code;
	if ((code = cmd_set_team("athletes", st, args.team)) != EXIT_OK) {
		store_close(st);
		return code;
	}
	if (l.as_json) {
		json_init(&l.j, &l.out, JSON_ROWS);
		json_array(&l.j, NULL);
	} else {
		if (store_each_athlete(st, measure, &l, &d) != 0)
			goto fail;
		cmd_print_padded(stdout, "athlete", l.width);
		printf("  %8s  %6s  %9s  %6s  %-10s  %-10s  team\n", "sessions",
		       "cramps", "hydration", "diet", "first", "last");
	}
	if (store_each_athlete(st, list, &l, &d) != 0)
		goto fail;
	if (l.as_json) {
		json_end(&l.j);
		fputs(l.out.buf, stdout);
	}
	strbuf_release(&l.out);
	store_close(st);
	return cmd_finish(EXIT_OK);
fail:
	cmd_print_diag(&d);
	diag_release(&d);
	strbuf_release(&l.out);
	store_close(st);
	return EXIT_SOFTWARE;
}
