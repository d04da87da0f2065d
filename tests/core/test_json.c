/*
 * The JSON writer: separators placed by nesting, strings escaped to valid
 * UTF-8, numbers that are not finite as null, misuse caught.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "json.h"
#include "text.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Nested objects and arrays, empty ones included: every comma and colon
 * where it belongs, the text ends with a newline. */
static void test_nesting(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	(void)state;
	json_init(&j, &sb, 0);
	json_object(&j, NULL);
	json_int(&j, "sessions", 12);
	json_array(&j, "factors");
	json_object(&j, NULL);
	json_string(&j, "name", "heat");
	json_bool(&j, "corrected", 1);
	json_end(&j);
	json_object(&j, NULL);
	json_end(&j);
	json_array(&j, NULL);
	json_end(&j);
	json_uint(&j, NULL, UINTMAX_MAX);
	json_end(&j);
	json_array(&j, "empty");
	json_end(&j);
	json_null(&j, "reason");
	json_bool(&j, "fitted", 0);
	json_int(&j, "min", INTMAX_MIN);
	json_end(&j);
	assert_string_equal(sb.buf,
		"{\"sessions\": 12, \"factors\": [{\"name\": \"heat\", "
		"\"corrected\": true}, {}, [], 18446744073709551615], "
		"\"empty\": [], \"reason\": null, \"fitted\": false, "
		"\"min\": -9223372036854775808}\n");
	strbuf_release(&sb);
}

/* The two other layouts: compact, and one element of the outermost
 * array a line (inner arrays keep theirs on the line). */
static void test_layouts(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	(void)state;
	json_init(&j, &sb, JSON_COMPACT);
	json_object(&j, NULL);
	json_int(&j, "weeks", 3);
	json_array(&j, "levels");
	json_number(&j, NULL, 0.5);
	json_number(&j, NULL, 2);
	json_end(&j);
	json_end(&j);
	assert_string_equal(sb.buf, "{\"weeks\":3,\"levels\":[0.5,2]}\n");
	strbuf_reset(&sb);
	json_init(&j, &sb, JSON_ROWS);
	json_array(&j, NULL);
	json_object(&j, NULL);
	json_array(&j, "errors");
	json_int(&j, NULL, 1);
	json_int(&j, NULL, 2);
	json_end(&j);
	json_end(&j);
	json_object(&j, NULL);
	json_end(&j);
	json_end(&j);
	assert_string_equal(sb.buf, "[{\"errors\": [1, 2]},\n {}]\n");
	strbuf_reset(&sb);
	/* An empty outermost array, and a bare value. */
	json_init(&j, &sb, JSON_ROWS);
	json_array(&j, NULL);
	json_end(&j);
	json_init(&j, &sb, 0);
	json_string(&j, NULL, NULL);
	assert_string_equal(sb.buf, "[]\nnull\n");
	strbuf_release(&sb);
}

/* The caller may write the buffer out and empty it between two values:
 * the writer never reads back what it wrote. */
static void test_streaming(void **state)
{
	struct strbuf sb = STRBUF_INIT, all = STRBUF_INIT;
	struct json j;

	(void)state;
	json_init(&j, &sb, JSON_ROWS);
	json_array(&j, NULL);
	for (int i = 0; i < 3; i++) {
		json_object(&j, NULL);
		json_int(&j, "i", i);
		json_end(&j);
		strbuf_add(&all, sb.buf, sb.len);
		strbuf_reset(&sb);
	}
	json_end(&j);
	strbuf_add(&all, sb.buf, sb.len);
	assert_string_equal(all.buf, "[{\"i\": 0},\n {\"i\": 1},\n {\"i\": 2}]\n");
	strbuf_release(&sb);
	strbuf_release(&all);
}

static void string(const char *s, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	json_init(&j, &sb, JSON_COMPACT);
	json_array(&j, NULL);
	json_string(&j, NULL, s);
	json_end(&j);
	assert_int_equal(sb.len, strlen(want) + 3);
	assert_memory_equal(sb.buf + 1, want, strlen(want));
	assert_int_equal(text_utf8_check(sb.buf, sb.len), sb.len);
	strbuf_release(&sb);
}

/* JSON is valid UTF-8 whatever the string: each byte that is not UTF-8
 * becomes U+FFFD, controls are escaped, the rest is kept. Keys too. */
static void test_strings(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	(void)state;
	string("a\"b\\c\n\r\t", "\"a\\\"b\\\\c\\n\\r\\t\"");
	string("bad \xff\xfe.csv", "\"bad \\ufffd\\ufffd.csv\"");
	string("cut \xc3", "\"cut \\ufffd\"");
	string("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");     /* a surrogate */
	string("\xc0\x80", "\"\\ufffd\\ufffd\"");                /* overlong NUL */
	string("\x1b[2J \xc2\x9b \xe2\x80\xae", "\"\\u001b[2J \\u009b \\u202e\"");
	string("\xe2\x80\xa8 \xf0\x9f\xbf\xbe", "\"\\u2028 \\ud83f\\udffe\"");
	string("Zo\xc3\xab \xf0\x9f\x8f\x83", "\"Zo\xc3\xab \xf0\x9f\x8f\x83\"");
	string("", "\"\"");
	json_init(&j, &sb, 0);
	json_object(&j, NULL);
	json_int(&j, "a\"\xff", 1);
	json_end(&j);
	assert_string_equal(sb.buf, "{\"a\\\"\\ufffd\": 1}\n");
	strbuf_release(&sb);
}

/* Numbers: integers without a fraction, the rest read back exactly,
 * null for what JSON cannot hold. */
static void test_numbers(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	(void)state;
	json_init(&j, &sb, JSON_COMPACT);
	json_array(&j, NULL);
	json_number(&j, NULL, 3);
	json_number(&j, NULL, -42);
	json_number(&j, NULL, 1.5);
	json_number(&j, NULL, 0.1);
	json_number(&j, NULL, 1e300);
	json_number(&j, NULL, NAN);
	json_number(&j, NULL, INFINITY);
	json_number(&j, NULL, -INFINITY);
	json_end(&j);
	assert_string_equal(sb.buf, "[3,-42,1.5,0.10000000000000001,"
			    "1.0000000000000001e+300,null,null,null]\n");
	strbuf_release(&sb);
}

/* Runs a misuse in a child: the writer aborts rather than write JSON
 * that is not (or past its stack). */
static void expect_abort(void (*misuse)(struct json *))
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct strbuf sb = STRBUF_INIT;
		struct json j;

		/* The message is the point of the test, not its output. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		json_init(&j, &sb, 0);
		misuse(&j);
		_exit(0);     /* not reached: the writer aborted */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void too_deep(struct json *j)
{
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array(j, NULL);
}

static void key_in_array(struct json *j)
{
	json_array(j, NULL);
	json_int(j, "n", 1);
}

static void no_key_in_object(struct json *j)
{
	json_object(j, NULL);
	json_int(j, NULL, 1);
}

static void key_outside(struct json *j)
{
	json_int(j, "n", 1);
}

static void after_the_end(struct json *j)
{
	json_object(j, NULL);
	json_end(j);
	json_null(j, NULL);
}

static void end_of_nothing(struct json *j)
{
	json_end(j);
}

static void test_misuse(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	(void)state;
	/* The bound itself is fine. */
	json_init(&j, &sb, JSON_COMPACT);
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		json_array(&j, NULL);
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		json_end(&j);
	assert_string_equal(sb.buf, "[[[[[[[[]]]]]]]]\n");
	strbuf_release(&sb);
	expect_abort(too_deep);
	expect_abort(key_in_array);
	expect_abort(no_key_in_object);
	expect_abort(key_outside);
	expect_abort(after_the_end);
	expect_abort(end_of_nothing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_streaming),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_misuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
