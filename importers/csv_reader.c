/*
 * The shared CSV reader (see csv_reader.h), on libcsv. libcsv reports
 * neither lines nor positions, and its rows are not lines (a quoted field
 * can span several), so the reader feeds it one physical line at a time and
 * counts the lines itself: a field starts on the line being fed when libcsv
 * hands it over, less the newlines it holds.
 */
#include "csv_reader.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (256u * 1024u)

struct reader {
	const struct csv_reader_options *opt;
	struct diag *d;
	unsigned long line;          /* the physical line being fed, 1-based */
	int cr_last;                 /* the last byte fed was a CR: a LF
				      * next ends no new line */
	struct strbuf data;          /* the current row's fields, NUL-separated */
	size_t *offsets;             /* start of each field in data */
	size_t *lens;
	unsigned long *lines;
	unsigned char *plain;        /* of each field: csv_field's plain */
	struct csv_field *fields;
	size_t nfields;              /* fields kept of the current row */
	size_t seen;                 /* fields seen of it, kept or not */
	size_t alloc;
	size_t header_fields;        /* once the header is handed over */
	size_t header_named;         /* of them, up to the last named one */
	int bad;                     /* the row has been reported invalid */
	int overlong;                /* the row has reached CSV_READER_MAX_ROW:
				      * it keeps no more fields */
	uint64_t index;
	int stop;                    /* a callback's negative return, or -1 */
};

static void grow_fields(struct reader *r)
{
	size_t alloc = r->alloc ? r->alloc * 2 : 32;

	r->offsets = xreallocarray(r->offsets, alloc, sizeof(*r->offsets));
	r->lens = xreallocarray(r->lens, alloc, sizeof(*r->lens));
	r->lines = xreallocarray(r->lines, alloc, sizeof(*r->lines));
	r->plain = xreallocarray(r->plain, alloc, sizeof(*r->plain));
	r->fields = xreallocarray(r->fields, alloc, sizeof(*r->fields));
	r->alloc = alloc;
}

/* The line breaks in s: LF, CR LF, or a CR alone (old Mac files). */
static unsigned long count_breaks(const char *s, size_t len)
{
	unsigned long n = 0;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n' || (s[i] == '\r' && (i + 1 == len ||
							s[i + 1] != '\n'));
	return n;
}

/* Whether every byte of s is printable ASCII, 0x20 to 0x7e: most fields
 * of a log, which then need no search for line breaks, NUL bytes, bad
 * UTF-8 or control characters. */
static int plain_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)(s[i] - 0x20) >= 0x5f)
			return 0;
	return 1;
}

/* Reports a problem of field (1-based) of the current row, the first of
 * the row only, and marks the row invalid. */
static void bad_field(struct reader *r, unsigned long line, size_t field,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void bad_field(struct reader *r, unsigned long line, size_t field,
		      const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (r->bad)
		return;
	r->bad = 1;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(r->d, DIAG_ERROR, r->opt->name, line, field, "%s", sb.buf);
	strbuf_release(&sb);
}

/* Whether field number r->seen (1-based) of the current row is one too
 * many: past CSV_READER_MAX_COLUMNS, or a value past the header's
 * columns. Such a field is not kept; it stops the reading in the header,
 * and makes a data row invalid (empty fields past the header's, as
 * spreadsheets leave, are dropped without a word). */
static int field_too_many(struct reader *r, size_t len, unsigned long line)
{
	if (r->index == 0 && r->seen > CSV_READER_MAX_COLUMNS) {
		diag_add(r->d, DIAG_ERROR, r->opt->name, line, r->seen,
			 "a header of more than %u columns: is this a log?",
			 CSV_READER_MAX_COLUMNS);
		r->stop = -1;
		return 1;
	}
	if (r->index == 0 || r->seen <= r->header_fields)
		return 0;
	if (r->seen > CSV_READER_MAX_COLUMNS)
		bad_field(r, line, r->seen, "a row of more than %u fields",
			  CSV_READER_MAX_COLUMNS);
	else if (len)
		bad_field(r, line, r->seen, "a value beyond the header's %zu "
			  "columns", r->header_fields);
	return 1;
}

/* Whether the current row, with len more bytes, would hold more than
 * CSV_READER_MAX_ROW, counting every field kept (those of columns the
 * importer ignores too). Such a field is not kept; it stops the reading in
 * the header, and makes a data row invalid, which keeps no more fields. */
static int row_too_long(struct reader *r, size_t len, unsigned long line)
{
	if (!r->overlong && r->data.len + len + 1 <= CSV_READER_MAX_ROW)
		return 0;
	if (r->index == 0) {
		diag_add(r->d, DIAG_ERROR, r->opt->name, line, r->seen,
			 "a header longer than %u MiB: is this a log?",
			 CSV_READER_MAX_ROW >> 20);
		r->stop = -1;
	} else if (!r->overlong) {
		bad_field(r, line, r->seen, "a row longer than %u MiB",
			  CSV_READER_MAX_ROW >> 20);
	}
	r->overlong = 1;
	return 1;
}

static void on_field(void *s, size_t len, void *arg)
{
	struct reader *r = arg;
	const char *f = s ? s : "";
	unsigned long newlines = 0, line;
	const char *nul;
	size_t bad;
	int plain;

	if (r->stop)
		return;
	r->seen++;
	plain = plain_ascii(f, len);
	if (!plain && (memchr(f, '\n', len) || memchr(f, '\r', len)))
		newlines = count_breaks(f, len);
	line = r->line - newlines;
	text_trim(&f, &len);
	if (field_too_many(r, len, line) || row_too_long(r, len, line))
		return;
	if (r->nfields == r->alloc)
		grow_fields(r);
	r->lines[r->nfields] = line;
	r->offsets[r->nfields] = r->data.len;
	r->lens[r->nfields] = len;
	r->plain[r->nfields] = (unsigned char)plain;
	strbuf_add(&r->data, f, len);
	strbuf_addch(&r->data, '\0');
	r->nfields++;
	if (plain)
		return;
	/* A NUL would end the value early wherever it is read as a C
	 * string: the file is not text. */
	if ((nul = memchr(f, '\0', len)))
		bad_field(r, line, r->nfields, "a NUL byte (at offset %zu of "
			  "the field): this is not a text file",
			  (size_t)(nul - f));
	else if ((bad = text_utf8_check(f, len)) != len)
		bad_field(r, line, r->nfields, "invalid UTF-8 (byte 0x%02x at "
			  "offset %zu of the field); save the file as UTF-8",
			  (unsigned)(unsigned char)f[bad], bad);
}

/* Whether the current row, which libcsv ends with c (-1: at the end of
 * the file, without a line break), is the last of a file cut short: it
 * ends before the header's last named column. Then the reading stops, the
 * row not handed over: its last field may be part of a number. */
static int cut_short(struct reader *r, int c)
{
	if (c != -1 || r->index == 0 || r->seen >= r->header_named)
		return 0;
	diag_add(r->d, DIAG_ERROR, r->opt->name, r->line, r->seen,
		 "the file ends in the middle of a row (%zu of %zu fields, no "
		 "line break after it): is it cut short?", r->seen,
		 r->header_named);
	r->stop = -1;
	return 1;
}

static void on_row(int c, void *arg)
{
	struct reader *r = arg;
	struct csv_row row;
	int ret;

	if (r->stop || cut_short(r, c))
		return;
	for (size_t i = 0; i < r->nfields; i++) {
		r->fields[i].s = r->data.buf + r->offsets[i];
		r->fields[i].len = r->lens[i];
		r->fields[i].line = r->lines[i];
		r->fields[i].plain = r->plain[i];
	}
	row.fields = r->fields;
	row.count = r->nfields;
	row.line = r->nfields ? r->lines[0] : r->line;
	row.index = r->index++;
	row.bad = r->bad;
	if (row.index == 0) {
		r->header_fields = r->nfields;
		r->header_named = r->nfields;
		while (r->header_named && !r->lens[r->header_named - 1])
			r->header_named--;
	}
	row.header_named = row.index ? r->header_named : 0;
	ret = r->opt->row(&row, r->opt->arg);
	if (ret < 0)
		r->stop = ret;
	r->nfields = 0;
	r->seen = 0;
	r->bad = 0;
	r->overlong = 0;
	strbuf_reset(&r->data);
}

char csv_reader_detect_delimiter(const char *line, size_t len)
{
	size_t comma = 0, semicolon = 0, tab = 0;
	int quoted = 0;

	for (size_t i = 0;
	     i < len && (quoted || (line[i] != '\n' && line[i] != '\r')); i++) {
		switch (line[i]) {
		case '"': quoted = !quoted; break;
		case ',': comma += !quoted; break;
		case ';': semicolon += !quoted; break;
		case '\t': tab += !quoted; break;
		default: break;
		}
	}
	if (semicolon > comma && semicolon >= tab)
		return ';';
	if (tab > comma && tab > semicolon)
		return '\t';
	return ',';
}

static int space_only(unsigned char c)
{
	return c == ' ';
}

/* Reports what libcsv found wrong at the current line. */
static int parse_error(struct reader *r, struct csv_parser *p)
{
	int e = csv_error(p);

	if (e == CSV_EPARSE)
		return diag_add(r->d, DIAG_ERROR, r->opt->name, r->line,
				r->seen + 1,
				"malformed quoting: a quote inside an unquoted "
				"field, or text after a closing quote (quote the "
				"whole field and double the quotes inside it)");
	return diag_add(r->d, DIAG_ERROR, r->opt->name, r->line, 0, "%s",
			csv_strerror(e));
}

/* Feeds buf to libcsv one physical line at a time. */
static int feed(struct reader *r, struct csv_parser *p, const char *buf,
		size_t len)
{
	while (len && !r->stop) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) + 1 : len;
		const char *cr = memchr(buf, '\r', n);

		/* A line ends at a LF, or at a CR not followed by one. */
		if (nl == buf && r->cr_last) {
			nl = NULL;      /* the LF of a CR LF already counted */
		} else if (cr && cr + 1 < buf + len && cr[1] != '\n') {
			nl = cr;
			n = (size_t)(cr - buf) + 1;
		} else if (cr && cr + 1 == buf + len) {
			nl = cr;
		}
		r->cr_last = buf[n - 1] == '\r';
		if (csv_parse(p, buf, n, on_field, on_row, r) != n)
			return parse_error(r, p);
		if (csv_get_buffer_size(p) > CSV_READER_MAX_FIELD + 16 &&
		    p->entry_pos > CSV_READER_MAX_FIELD)
			return diag_add(r->d, DIAG_ERROR, r->opt->name, r->line,
					r->seen + 1,
					"a field longer than %u bytes: is a "
					"quote left open?",
					CSV_READER_MAX_FIELD);
		if (nl)
			r->line++;
		buf += n;
		len -= n;
	}
	return 0;
}

static ssize_t read_full(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int csv_reader_run(int fd, const struct csv_reader_options *opt,
		   char *delimiter, struct diag *d)
{
	struct reader r;
	struct csv_parser p;
	char *buf = NULL;
	uint64_t done = 0, reported = 0;
	int first = 1, ret = -1, parser = 0;

	memset(&r, 0, sizeof(r));
	r.opt = opt;
	r.d = d;
	r.line = 1;
	strbuf_init(&r.data);
	buf = xmalloc(CHUNK);
	/* csv_init fails only for a NULL parser; libcsv grows its buffer
	 * with xrealloc, so that it never runs out of memory either. */
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		diag_error(d, "cannot start the CSV parser");
		goto out;
	}
	csv_set_realloc_func(&p, xrealloc);
	parser = 1;
	for (;;) {
		ssize_t n = read_full(fd, buf, CHUNK);
		const char *s = buf;
		size_t len;

		if (n < 0) {
			diag_add(d, DIAG_ERROR, opt->name, 0, 0, "cannot read: %s",
				 strerror(errno));
			ret = CSV_READER_IO_ERROR;
			goto out;
		}
		if (n == 0)
			break;
		len = (size_t)n;
		done += len;
		if (first) {
			if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
				s += 3;
				len -= 3;
			}
			*delimiter = csv_reader_detect_delimiter(s, len);
			csv_set_delim(&p, (unsigned char)*delimiter);
			/* Without a function libcsv takes a space or a tab
			 * itself, without a call a byte. */
			if (*delimiter == '\t')
				csv_set_space_func(&p, space_only);
			first = 0;
		}
		if (feed(&r, &p, s, len) < 0)
			goto out;
		if (r.stop)
			break;
		if (opt->progress && done - reported >= 64 * 1024) {
			opt->progress(done, opt->total_bytes, opt->arg);
			reported = done;
		}
	}
	if (first)
		*delimiter = ',';
	if (!r.stop && csv_fini(&p, on_field, on_row, &r) != 0) {
		if (csv_error(&p) == CSV_EPARSE) {
			/* The open field holds every line since its quote. */
			unsigned long start = r.line;

			start -= count_breaks((const char *)p.entry_buf,
					      p.entry_pos);
			diag_add(d, DIAG_ERROR, opt->name, start, r.seen + 1,
				 "the quote that opens this field is never "
				 "closed");
		}
		else
			parse_error(&r, &p);
		goto out;
	}
	if (opt->progress)
		opt->progress(done, opt->total_bytes, opt->arg);
	ret = r.stop;
out:
	if (parser)
		csv_free(&p);
	free(buf);
	free(r.offsets);
	free(r.lens);
	free(r.lines);
	free(r.plain);
	free(r.fields);
	strbuf_release(&r.data);
	return ret;
}
