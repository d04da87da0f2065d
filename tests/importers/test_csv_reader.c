/*
 * Tests of the shared CSV reader: what spreadsheets write is read right,
 * and every field knows the physical line it starts on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "csv_reader.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What a test saw: each row as "line:field|field|..." on a line. */
struct seen {
	struct strbuf rows;
	int stop_after;   /* rows before the callback says stop; 0 = never */
	int nrows;
	int bad_rows;
};

static int collect(const struct csv_row *row, void *arg)
{
	struct seen *s = arg;

	strbuf_addf(&s->rows, "%lu:", row->line);
	for (size_t i = 0; i < row->count; i++)
		strbuf_addf(&s->rows, "%s%s@%lu", i ? "|" : "", row->fields[i].s,
			    row->fields[i].line);
	strbuf_addch(&s->rows, '\n');
	s->bad_rows += row->bad;
	if (++s->nrows == s->stop_after)
		return -7;
	return 0;
}

/* Writes text to a temporary file and reads it back through the reader,
 * each row handed to row_cb. */
static int read_text_with(const char *text, size_t len,
			  int (*row_cb)(const struct csv_row *, void *),
			  struct seen *s, char *delim, struct diag *d)
{
	char path[] = "/tmp/cramplog-csv-XXXXXX";
	struct csv_reader_options opt = {
		.name = "t.csv", .row = row_cb, .arg = s,
	};
	int fd = mkstemp(path), rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	rc = csv_reader_run(fd, &opt, delim, d);
	close(fd);
	unlink(path);
	return rc;
}

static int read_text(const char *text, size_t len, struct seen *s,
		     char *delim, struct diag *d)
{
	return read_text_with(text, len, collect, s, delim, d);
}

#define READ(text, s, delim, d) read_text(text, sizeof(text) - 1, s, delim, d)

static void test_plain_rows_and_lines(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	assert_int_equal(READ("a,b\n1,2\n3,4", &s, &delim, &d), 0);
	assert_int_equal(delim, ',');
	assert_string_equal(s.rows.buf, "1:a@1|b@1\n2:1@2|2@2\n3:3@3|4@3\n");
	strbuf_release(&s.rows);
	diag_release(&d);
}

static void test_bom_and_crlf_are_not_data(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	assert_int_equal(READ("\xef\xbb\xbf" "date,athlete\r\n2026-01-01,Ana\r\n",
			      &s, &delim, &d), 0);
	assert_string_equal(s.rows.buf,
			    "1:date@1|athlete@1\n2:2026-01-01@2|Ana@2\n");
	strbuf_release(&s.rows);
	diag_release(&d);
}

static void test_quoted_newlines_keep_line_numbers(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	/* Row 2 spans lines 2-4; its third field starts on line 4. */
	assert_int_equal(READ("a,b,c\nx,\"one\ntwo\nthree\",z\nlast,\"q\"\"uote\",\"c,d\"\n",
			      &s, &delim, &d), 0);
	assert_string_equal(s.rows.buf,
			    "1:a@1|b@1|c@1\n"
			    "2:x@2|one\ntwo\nthree@2|z@4\n"
			    "5:last@5|q\"uote@5|c,d@5\n");
	strbuf_release(&s.rows);
	diag_release(&d);
}

/* Old Mac spreadsheets end lines with a CR alone: each is a line, blank
 * ones too, and a quoted field's own CR counts as one. */
static void test_cr_alone_ends_a_line(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	assert_int_equal(READ("a;b;c\r1;2\r\r3;\"x\ry\";z\r4;5;6", &s, &delim, &d), 0);
	assert_int_equal(delim, ';');
	assert_string_equal(s.rows.buf, "1:a@1|b@1|c@1\n2:1@2|2@2\n"
			    "4:3@4|x\ry@4|z@5\n6:4@6|5@6|6@6\n");
	strbuf_release(&s.rows);
	diag_release(&d);
}

/* A CR LF split between two reads is one line break, not two. */
static void test_crlf_across_reads(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	struct strbuf text = STRBUF_INIT;
	char delim;
	size_t chunk = 256 * 1024;

	(void)state;
	strbuf_addstr(&text, "a,b\r\n");
	/* Rows of 16 bytes, the last one short, so that a CR ends the
	 * first read. */
	while (text.len + 16 < chunk)
		strbuf_addstr(&text, "1234567,1234567\r\n"); /* 17 bytes */
	while (text.len < chunk - 1)
		strbuf_addch(&text, 'x');
	strbuf_addstr(&text, "\r\nlast,row\r\n");
	assert_int_equal(text.buf[chunk - 1], '\r');
	assert_int_equal(read_text(text.buf, text.len, &s, &delim, &d), 0);
	assert_non_null(strstr(s.rows.buf, "\n15422:last@15422|row@15422\n"));
	strbuf_release(&text);
	strbuf_release(&s.rows);
	diag_release(&d);
}

static void test_blank_lines_are_skipped_but_counted(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	assert_int_equal(READ("a,b\n\n\n1,2\n\r\n3,4\n", &s, &delim, &d), 0);
	assert_string_equal(s.rows.buf, "1:a@1|b@1\n4:1@4|2@4\n6:3@6|4@6\n");
	strbuf_release(&s.rows);
	diag_release(&d);
}

static void test_semicolon_detected_and_spaces_trimmed(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	assert_int_equal(READ("a ; b;c\n  1,5 ; \" 2 \" ;x y\n", &s, &delim, &d), 0);
	assert_int_equal(delim, ';');
	assert_string_equal(s.rows.buf, "1:a@1|b@1|c@1\n2:1,5@2|2@2|x y@2\n");
	strbuf_release(&s.rows);
	diag_release(&d);
}

static void test_tab_delimiter(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	assert_int_equal(READ("a\tb,c\tc\n1\t\t3\n", &s, &delim, &d), 0);
	assert_int_equal(delim, '\t');
	assert_string_equal(s.rows.buf, "1:a@1|b,c@1|c@1\n2:1@2|@2|3@2\n");
	strbuf_release(&s.rows);
	diag_release(&d);
}

static void test_detect_delimiter_ignores_quoted(void **state)
{
	(void)state;
	assert_int_equal(csv_reader_detect_delimiter("\"a;b;c\",d,e", 11), ',');
	assert_int_equal(csv_reader_detect_delimiter("a;b;c", 5), ';');
	assert_int_equal(csv_reader_detect_delimiter("abc", 3), ',');
	assert_int_equal(csv_reader_detect_delimiter("a\tb\tc,d", 7), '\t');
	/* Only the first line counts. */
	assert_int_equal(csv_reader_detect_delimiter("a,b\nc;d;e;f", 11), ',');
}

static void test_invalid_utf8_is_reported_with_its_place(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	assert_int_equal(READ("a,b\n1,caf\xe9\n2,ok\n", &s, &delim, &d), 0);
	assert_int_equal(s.nrows, 3);
	assert_int_equal(s.bad_rows, 1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.entries[0].file, "t.csv");
	assert_int_equal(d.entries[0].line, 2);
	assert_int_equal(d.entries[0].column, 2);
	assert_non_null(strstr(d.entries[0].message, "invalid UTF-8"));
	strbuf_release(&s.rows);
	diag_release(&d);
}

static void test_unclosed_quote_names_the_line_it_opens(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	assert_int_equal(READ("a,b\n1,\"open\n2,3\n4,5\n", &s, &delim, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.entries[0].line, 2);
	assert_int_equal(d.entries[0].column, 2);
	assert_non_null(strstr(d.entries[0].message, "never closed"));
	strbuf_release(&s.rows);
	diag_release(&d);
}

static void test_quote_inside_unquoted_field_is_an_error(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	assert_int_equal(READ("a,b\n1,2\n3,x\"y\n", &s, &delim, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.entries[0].line, 3);
	assert_int_equal(d.entries[0].column, 2);
	assert_non_null(strstr(d.entries[0].message, "malformed quoting"));
	strbuf_release(&s.rows);
	diag_release(&d);
}

static void test_huge_field_is_refused(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	size_t n = CSV_READER_MAX_FIELD + 100;
	char *text = malloc(n + 16);
	char delim;

	(void)state;
	assert_non_null(text);
	memcpy(text, "a\n\"", 3);
	memset(text + 3, 'x', n);
	assert_int_equal(read_text(text, n + 3, &s, &delim, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.entries[0].message, "is a quote left open?"));
	free(text);
	strbuf_release(&s.rows);
	diag_release(&d);
}

static void test_callback_can_stop_the_reading(void **state)
{
	struct seen s = { STRBUF_INIT, 2, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	assert_int_equal(READ("a\n1\n2\n3\n", &s, &delim, &d), -7);
	assert_int_equal(s.nrows, 2);
	strbuf_release(&s.rows);
	diag_release(&d);
}

static void test_rows_across_read_chunks(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	struct strbuf text = STRBUF_INIT;
	char delim;
	int rows = 40000;   /* over 256 KiB: several chunks */

	(void)state;
	strbuf_addstr(&text, "n,text\n");
	for (int i = 0; i < rows; i++)
		strbuf_addf(&text, "%d,\"line %d\nsecond\"\n", i, i);
	assert_int_equal(read_text(text.buf, text.len, &s, &delim, &d), 0);
	assert_int_equal(s.nrows, rows + 1);
	/* Row i starts on line 2 + 2 i. */
	assert_non_null(strstr(s.rows.buf, "\n79990:39994@79990|line 39994\nsecond@79990\n"));
	strbuf_release(&text);
	strbuf_release(&s.rows);
	diag_release(&d);
}

/* A file of commas: the header is refused at its first field too many,
 * and nothing is handed over (it used to keep every field: 556 MB for
 * 5 MB of commas). */
static void test_header_of_too_many_columns_is_refused(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	struct strbuf text = STRBUF_INIT;
	char delim;

	(void)state;
	for (unsigned i = 0; i < 3 * CSV_READER_MAX_COLUMNS; i++)
		strbuf_addch(&text, ',');
	strbuf_addstr(&text, "\n1,2\n");
	assert_int_equal(read_text(text.buf, text.len, &s, &delim, &d), -1);
	assert_int_equal(s.nrows, 0);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.entries[0].line, 1);
	assert_int_equal(d.entries[0].column, CSV_READER_MAX_COLUMNS + 1);
	assert_non_null(strstr(d.entries[0].message,
			       "a header of more than 1024 columns"));
	strbuf_release(&text);
	strbuf_release(&s.rows);
	diag_release(&d);
}

/* A value past the header's columns makes the row invalid at that field;
 * empty fields past them (as spreadsheets leave) are dropped, but not
 * without end: a row of more than CSV_READER_MAX_COLUMNS fields is
 * invalid. No field past the header's is handed over. */
static void test_fields_past_the_header(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	struct strbuf text = STRBUF_INIT;
	char delim;

	(void)state;
	strbuf_addstr(&text, "a,b\n1,2,3\n4,5,,\n6,7");
	for (unsigned i = 0; i < 3 * CSV_READER_MAX_COLUMNS; i++)
		strbuf_addch(&text, ',');
	strbuf_addstr(&text, "\n8,9\n");
	assert_int_equal(read_text(text.buf, text.len, &s, &delim, &d), 0);
	assert_string_equal(s.rows.buf, "1:a@1|b@1\n2:1@2|2@2\n3:4@3|5@3\n"
			    "4:6@4|7@4\n5:8@5|9@5\n");
	assert_int_equal(s.bad_rows, 2);
	assert_int_equal(d.errors, 2);
	assert_int_equal(d.entries[0].line, 2);
	assert_int_equal(d.entries[0].column, 3);
	assert_string_equal(d.entries[0].message,
			    "a value beyond the header's 2 columns");
	assert_int_equal(d.entries[1].line, 4);
	assert_int_equal(d.entries[1].column, CSV_READER_MAX_COLUMNS + 1);
	assert_string_equal(d.entries[1].message,
			    "a row of more than 1024 fields");
	strbuf_release(&text);
	strbuf_release(&s.rows);
	diag_release(&d);
}

/* A NUL byte would cut a value short wherever it is read as a string:
 * it is an error at its line and column, in the header as in a row. */
static void test_nul_byte_is_an_error(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;
	char delim;

	(void)state;
	assert_int_equal(READ("a,b\n1,ok\n2,\"x\ny\0z\"\n", &s, &delim, &d), 0);
	assert_int_equal(s.bad_rows, 1);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.entries[0].line, 3);
	assert_int_equal(d.entries[0].column, 2);
	assert_non_null(strstr(d.entries[0].message, "a NUL byte (at offset 3 "
			       "of the field)"));
	diag_clear(&d);
	strbuf_reset(&s.rows);
	s.bad_rows = 0;
	assert_int_equal(READ("x,duration_min\0xyz\n1,2\n", &s, &delim, &d), 0);
	assert_int_equal(s.bad_rows, 1);
	assert_int_equal(d.entries[0].line, 1);
	assert_int_equal(d.entries[0].column, 2);
	assert_non_null(strstr(d.entries[0].message, "a NUL byte"));
	strbuf_release(&s.rows);
	diag_release(&d);
}

/* Each row as "line:count/header_named" on a line. */
static int count_fields(const struct csv_row *row, void *arg)
{
	struct seen *s = arg;

	strbuf_addf(&s->rows, "%lu:%zu/%zu\n", row->line, row->count,
		    row->header_named);
	return 0;
}

/* Reads text through the reader with count_fields: its return, the rows
 * in s, the problems in d (both emptied first). */
static int read_counts(const char *text, struct seen *s, struct diag *d)
{
	char delim;

	strbuf_reset(&s->rows);
	diag_clear(d);
	return read_text_with(text, strlen(text), count_fields, s, &delim, d);
}

/* A last row of fewer fields than the header, without a line break after
 * it, is a file cut short: an error where it ends, the row not handed
 * over. A short row that ends with a line break is handed over with the
 * header's count beside its own; a complete last row needs no line break
 * (a trailing unnamed column, as some apps write, need not be there). */
static void test_file_cut_short(void **state)
{
	struct seen s = { STRBUF_INIT, 0, 0, 0 };
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(read_counts("a,b,c\n1,2,3\n4,5", &s, &d), -1);
	assert_string_equal(s.rows.buf, "1:3/0\n2:3/3\n");
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.entries[0].line, 3);
	assert_int_equal(d.entries[0].column, 2);
	assert_string_equal(d.entries[0].message, "the file ends in the middle "
			    "of a row (2 of 3 fields, no line break after it): "
			    "is it cut short?");
	/* Cut after a delimiter, or after a closing quote on a later line. */
	assert_int_equal(read_counts("a;b;c\r\n1;", &s, &d), -1);
	assert_int_equal(d.entries[0].line, 2);
	assert_int_equal(d.entries[0].column, 2);
	assert_int_equal(read_counts("a,b,c\n1,\"x\ny\"", &s, &d), -1);
	assert_int_equal(d.entries[0].line, 3);
	assert_int_equal(d.entries[0].column, 2);
	/* Complete rows, with or without a line break at the end. */
	assert_int_equal(read_counts("a,b,c\n1,2\n4,5,6", &s, &d), 0);
	assert_string_equal(s.rows.buf, "1:3/0\n2:2/3\n3:3/3\n");
	assert_int_equal(read_counts("a,b,c\r\n1,2\r\n4,5,\"\"", &s, &d), 0);
	assert_string_equal(s.rows.buf, "1:3/0\n2:2/3\n3:3/3\n");
	assert_int_equal(read_counts("a,b,,\n1,2", &s, &d), 0);
	assert_string_equal(s.rows.buf, "1:4/0\n2:2/2\n");
	/* Spaces after the last line break are no row; a header alone is
	 * no cut row either. */
	assert_int_equal(read_counts("a,b\n1,2\n  ", &s, &d), 0);
	assert_string_equal(s.rows.buf, "1:2/0\n2:2/2\n");
	assert_int_equal(read_counts("a,b", &s, &d), 0);
	assert_int_equal(d.errors, 0);
	strbuf_release(&s.rows);
	diag_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_rows_and_lines),
		cmocka_unit_test(test_bom_and_crlf_are_not_data),
		cmocka_unit_test(test_cr_alone_ends_a_line),
		cmocka_unit_test(test_crlf_across_reads),
		cmocka_unit_test(test_quoted_newlines_keep_line_numbers),
		cmocka_unit_test(test_blank_lines_are_skipped_but_counted),
		cmocka_unit_test(test_semicolon_detected_and_spaces_trimmed),
		cmocka_unit_test(test_tab_delimiter),
		cmocka_unit_test(test_detect_delimiter_ignores_quoted),
		cmocka_unit_test(test_invalid_utf8_is_reported_with_its_place),
		cmocka_unit_test(test_unclosed_quote_names_the_line_it_opens),
		cmocka_unit_test(test_quote_inside_unquoted_field_is_an_error),
		cmocka_unit_test(test_huge_field_is_refused),
		cmocka_unit_test(test_callback_can_stop_the_reading),
		cmocka_unit_test(test_rows_across_read_chunks),
		cmocka_unit_test(test_header_of_too_many_columns_is_refused),
		cmocka_unit_test(test_fields_past_the_header),
		cmocka_unit_test(test_nul_byte_is_an_error),
		cmocka_unit_test(test_file_cut_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
