/*
 * UTF-8 checks, case folding (how athlete names match), printable
 * messages and the folding of sentences into lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "text.h"

#include <string.h>

static void test_utf8_check(void **state)
{
	static const struct {
		const char *s;
		size_t bad;   /* offset of the first bad byte, or strlen */
	} cases[] = {
		{ "Zo\xc3\xab M\xc3\xbcller", 12 },     /* valid */
		{ "\xf0\x9f\x8f\x83 run", 8 },          /* 4 bytes, valid */
		{ "ab\xc0\x80", 2 },                    /* overlong NUL */
		{ "a\xed\xa0\x80", 1 },                 /* surrogate */
		{ "\xf4\x90\x80\x80", 0 },              /* past U+10FFFF */
		{ "ok\xc3", 2 },                        /* cut short */
		{ "x\x80y", 1 },                        /* stray continuation */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(text_utf8_check(cases[i].s, strlen(cases[i].s)),
				 cases[i].bad);
}

static void fold(const char *s, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	text_casefold(s, strlen(s), &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_casefold(void **state)
{
	(void)state;
	fold("Zo\xc3\x8b M\xc3\x9cLLER", "zo\xc3\xab m\xc3\xbcller");  /* ZOË MÜLLER */
	fold("Rafael  \xc3\x87" "ELIK", "rafael \xc3\xa7" "elik");        /* runs of spaces */
	fold("\xce\xa3\xce\x91", "\xcf\x83\xce\xb1");                     /* ΣΑ -> σα */
	fold("\xd0\x98\xd0\x92", "\xd0\xb8\xd0\xb2");                     /* ИВ -> ив */
	fold("O'Brien, Liam", "o'brien, liam");
}

static void test_trim_and_controls(void **state)
{
	const char *s = " \t Kai \t";
	size_t len = strlen(s);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	text_trim(&s, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(s, "Kai", 3);
	assert_int_equal(text_find_control("ab\x1b[31m", 7), 2);
	assert_int_equal(text_find_control("plain", 5), 5);
	text_add_printable(&sb, "a\nb\x1b", 4, 100);
	assert_string_equal(sb.buf, "a\\nb\\x1b");
	strbuf_reset(&sb);
	text_add_printable(&sb, "abcdefgh", 8, 3);
	assert_string_equal(sb.buf, "abc...");
	strbuf_release(&sb);
	assert_true(text_eq_ascii_nocase("YES", 3, "yes"));
	assert_false(text_eq_ascii_nocase("yess", 4, "yes"));
}

static void printable(const char *s, const char *want)
{
	struct strbuf sb = STRBUF_INIT, again = STRBUF_INIT;

	text_add_printable(&sb, s, strlen(s), 1000);
	assert_string_equal(sb.buf, want);
	/* Printable text comes back the same. */
	text_add_printable(&again, sb.buf, sb.len, 1000);
	assert_string_equal(again.buf, want);
	strbuf_release(&sb);
	strbuf_release(&again);
}

/* What reaches a terminal: no C0, DEL, C1, bidirectional override or
 * isolate, nor a byte that is not UTF-8 (a lone 0x9b is CSI to a terminal
 * that reads 8 bits). */
static void test_printable_controls(void **state)
{
	(void)state;
	printable("a\x1b]0;title\x07" "b", "a\\x1b]0;title\\x07b");
	printable("\x1b[2J\x7f", "\\x1b[2J\\x7f");
	printable("C1 \xc2\x9b" "31m \xc2\x85", "C1 \\u009b31m \\u0085");
	printable("abc\xe2\x80\xae" "evil", "abc\\u202eevil");        /* RLO */
	printable("\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");  /* LRI, PDI */
	printable("raw \x9b" "2J \xff", "raw \\x9b2J \\xff");
	printable("Zo\xc3\xab \xe2\x80\x8f ok", "Zo\xc3\xab \xe2\x80\x8f ok");
	assert_int_equal(text_find_control("Ana \xc2\x9b", 6), 4);
	assert_int_equal(text_find_control("Ana \xe2\x80\xae", 7), 4);
	assert_int_equal(text_find_control("x\xe2\x81\xa9", 4), 1);
	assert_int_equal(text_find_control("Zo\xc3\xab", 4), 4);
	/* Not UTF-8 is for text_utf8_check to find. */
	assert_int_equal(text_find_control("\x9b", 1), 1);
}

/* Invisible characters that would make a second "Zoe" (U+200B, U+FEFF,
 * U+034F) or a line of two (U+2028, U+2029), and noncharacters: escaped
 * and refused in names. The joiners of Persian and Indic names and emoji
 * (U+200C, U+200D) and the marks U+200E, U+200F are text. */
static void test_invisible_and_noncharacters(void **state)
{
	(void)state;
	printable("Zo\xe2\x80\x8b" "e", "Zo\\u200be");
	printable("\xef\xbb\xbfZoe", "\\ufeffZoe");
	printable("Zo\xcd\x8f" "e", "Zo\\u034fe");
	printable("a\xe2\x80\xa8" "b\xe2\x80\xa9", "a\\u2028b\\u2029");
	printable("\xef\xbf\xbe\xef\xbf\xbf\xef\xb7\x90\xef\xb7\xaf",
		  "\\ufffe\\uffff\\ufdd0\\ufdef");
	printable("x\xf0\x9f\xbf\xbe\xf4\x8f\xbf\xbf",
		  "x\\U0001fffe\\U0010ffff");
	printable("Mehr\xe2\x80\x8cnaz \xe2\x80\x8d \xe2\x80\x8e\xe2\x80\x8f",
		  "Mehr\xe2\x80\x8cnaz \xe2\x80\x8d \xe2\x80\x8e\xe2\x80\x8f");
	printable("\xef\xb7\x8f\xef\xb7\xb0", "\xef\xb7\x8f\xef\xb7\xb0");
	assert_int_equal(text_find_control("Zo\xe2\x80\x8b" "e", 6), 2);
	assert_int_equal(text_find_control("Zoe\xf0\x9f\xbf\xbf", 7), 3);
	assert_int_equal(text_find_control("Mehr\xe2\x80\x8cnaz", 10), 10);
}

static void test_wrap(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	text_wrap(&sb, "one two three four five", "  ", 10);
	assert_string_equal(sb.buf, "one two\n  three\n  four\n  five\n");
	strbuf_reset(&sb);
	/* Leading spaces stay; a word longer than a line stands alone. */
	text_wrap(&sb, "  a verylongwordindeed b", "", 8);
	assert_string_equal(sb.buf, "  a\nverylongwordindeed\nb\n");
	strbuf_reset(&sb);
	/* Width counts characters, not bytes: 'Zoë' is 3 columns. */
	text_wrap(&sb, "Zo\xc3\xab Zo\xc3\xab", "", 7);
	assert_string_equal(sb.buf, "Zo\xc3\xab Zo\xc3\xab\n");
	assert_int_equal(text_width("Zo\xc3\xab", 4), 3);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_check),
		cmocka_unit_test(test_casefold),
		cmocka_unit_test(test_trim_and_controls),
		cmocka_unit_test(test_printable_controls),
		cmocka_unit_test(test_invisible_and_noncharacters),
		cmocka_unit_test(test_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
