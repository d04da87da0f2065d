/*
 * Tests of the gnuplot strings: hostile text goes through a real gnuplot
 * and comes back as it was written, and runs nothing on the way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "gnuplot.h"
#include "outfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RANDOM_STRINGS 300

static const char *const hostile[] = {
	"plain", "", "'", "''", "'''", "it's", "'Tiny' Tim",
	"O'Neil'); system('touch pwned'); print('",
	"`touch pwned`", "a'`touch pwned`'", "Mac'@here `touch pwned`",
	"x'@ARG0'@data'@here", "@here", "'@here'", "''@data",
	"\"double\" \\ back\\slash \\047", "$HOME %s %d", "Zoë Müller, Ångström",
	"line\nbreak\rand\ttab", "#not a comment", "a;b; print 'x'",
	"\"`touch pwned`\"", "'\"'\"'",
};

/* What gnuplot prints for s: control characters become spaces. */
static void expected(const char *s, char *out)
{
	for (; *s; s++)
		*out++ = (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s;
	*out = '\0';
}

/* A string of quotes, @, backquotes and the like, from a fixed seed. */
static void random_string(unsigned *seed, char *out, size_t max)
{
	static const char alphabet[] = "'\"`@\\$;#() a.:hereARG0data";
	size_t n = (size_t)(rand_r(seed) % (int)max);

	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[rand_r(seed) % (int)(sizeof(alphabet) - 1)];
	out[n] = '\0';
}

/* Writes sb's script and runs it with gnuplot; skips the test (the
 * directory removed) without gnuplot, fails when gnuplot fails. */
static void run_script(const char *dir, const char *script,
		       struct strbuf *sb)
{
	struct diag d = DIAG_INIT;
	enum gp_result rc;

	assert_int_equal(outfile_write(script, sb->buf, sb->len, &d), 0);
	rc = gp_run(script, NULL, 60, &d);
	if (rc == GP_MISSING) {
		unlink(script);
		rmdir(dir);
		strbuf_release(sb);
		diag_release(&d);
		skip();
	}
	if (rc != GP_DONE)
		fail_msg("gnuplot failed: %s\n%s", d.count ? d.entries[0].message : "",
			 sb->buf);
	diag_release(&d);
}

static void test_hostile_text_comes_back_as_written(void **state)
{
	char dir[] = "/tmp/cramplog-gp-XXXXXX";
	char script[64], printed[64], pwned[80], line[256], want[256];
	char random[RANDOM_STRINGS][40];
	size_t nhostile = sizeof(hostile) / sizeof(hostile[0]);
	struct strbuf sb = STRBUF_INIT;
	unsigned seed = 20261125;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(script, sizeof(script), "%s/t.gp", dir);
	snprintf(printed, sizeof(printed), "%s/printed.txt", dir);
	/* Variables a macro could name, and the file gnuplot prints to. */
	strbuf_addstr(&sb, "here = 'HERE'\ndata = 'DATA'\nset print ");
	gp_add_string(&sb, printed);
	strbuf_addch(&sb, '\n');
	for (size_t i = 0; i < nhostile; i++) {
		strbuf_addstr(&sb, "print ");
		gp_add_string(&sb, hostile[i]);
		strbuf_addch(&sb, '\n');
	}
	for (int i = 0; i < RANDOM_STRINGS; i++) {
		random_string(&seed, random[i], sizeof(random[i]));
		strbuf_addstr(&sb, "print ");
		gp_add_string(&sb, random[i]);
		strbuf_addch(&sb, '\n');
	}
	run_script(dir, script, &sb);
	assert_non_null(f = fopen(printed, "r"));
	for (size_t i = 0; i < nhostile + RANDOM_STRINGS; i++) {
		const char *s = i < nhostile ? hostile[i] : random[i - nhostile];

		expected(s, want);
		if (!fgets(line, sizeof(line), f))
			fail_msg("gnuplot printed %zu lines, not %zu", i,
				 nhostile + RANDOM_STRINGS);
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, want) != 0)
			fail_msg("[%s] came back as [%s]", want, line);
	}
	fclose(f);
	/* Nothing ran: no file made where gnuplot ran or beside the script. */
	snprintf(pwned, sizeof(pwned), "%s/pwned", dir);
	assert_int_equal(access(pwned, F_OK), -1);
	assert_int_equal(access("pwned", F_OK), -1);
	unlink(printed);
	unlink(script);
	assert_int_equal(rmdir(dir), 0);
	strbuf_release(&sb);
}

/* A tic's label is a format string to gnuplot: a name with '%' is shown
 * as written (the team chart's rows are athletes' names). */
static void test_tic_labels_show_as_written(void **state)
{
	static const char *const labels[] = {
		"100% Effort", "%s %n %d", "a%%b", "it's 50%", "%",
	};
	const size_t n = sizeof(labels) / sizeof(labels[0]);
	char dir[] = "/tmp/cramplog-gp-XXXXXX";
	char script[64], out[64];
	struct strbuf sb = STRBUF_INIT;
	char *text;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(script, sizeof(script), "%s/t.gp", dir);
	snprintf(out, sizeof(out), "%s/out.txt", dir);
	strbuf_addstr(&sb, "set terminal dumb size 100,30\nset output ");
	gp_add_string(&sb, out);
	strbuf_addstr(&sb, "\nset yrange [-1:5]\nset ytics (");
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(&sb, i ? ", " : "");
		gp_add_tic_label(&sb, labels[i]);
		strbuf_addf(&sb, " %zu", i);
	}
	strbuf_addstr(&sb, ")\nplot -10 notitle\n");
	run_script(dir, script, &sb);
	assert_int_equal(outfile_read_all(out, 1 << 20, &text, &len), 0);
	for (size_t i = 0; i < n; i++)
		if (!strstr(text, labels[i]))
			fail_msg("the label [%s] is not in the chart:\n%s",
				 labels[i], text);
	free(text);
	unlink(out);
	unlink(script);
	assert_int_equal(rmdir(dir), 0);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_text_comes_back_as_written),
		cmocka_unit_test(test_tic_labels_show_as_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
