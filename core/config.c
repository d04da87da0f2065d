/*
 * The configuration file parser, and CRAMPLOG_THREADS (see config.h).
 */
#include "config.h"
#include "strbuf.h"
#include "text.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int config_parse(const char *file, const char *text, size_t len,
		 int (*fn)(const char *section, const char *name,
			   const char *value, unsigned long line, void *arg),
		 void *arg, struct diag *d)
{
	struct strbuf section = STRBUF_INIT, name = STRBUF_INIT, value = STRBUF_INIT;
	unsigned long line = 0;
	size_t pos = 0;
	int ret = 0;

	/* A byte-order mark, as some editors write: not text. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *s = text + pos, *eq, *nul;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		pos += n + (nl != NULL);
		line++;
		/* A NUL would end the name or value early, unseen. */
		if ((nul = memchr(s, '\0', n))) {
			ret = diag_add(d, DIAG_ERROR, file, line,
				       (unsigned long)(nul - s) + 1,
				       "a NUL byte: this is not a text file");
			continue;
		}
		if (n && s[n - 1] == '\r')
			n--;
		text_trim(&s, &n);
		if (n == 0 || s[0] == '#' || s[0] == ';')
			continue;
		if (s[0] == '[') {
			const char *in = s + 1;
			size_t m = n - 1;

			if (s[n - 1] != ']') {
				ret = diag_add(d, DIAG_ERROR, file, line, 0,
					       "a section name must end with ']'");
				continue;
			}
			m--;
			text_trim(&in, &m);
			strbuf_reset(&section);
			strbuf_add(&section, in, m);
			continue;
		}
		if (!(eq = memchr(s, '=', n))) {
			ret = diag_add(d, DIAG_ERROR, file, line, 0,
				       "expected 'name = value' or '[section]'");
			continue;
		}
		{
			const char *k = s, *v = eq + 1;
			size_t kn = (size_t)(eq - s), vn = n - kn - 1;

			text_trim(&k, &kn);
			/* A comment may follow a value after a space or tab. */
			for (size_t i = 1; i < vn; i++)
				if ((v[i] == '#' || v[i] == ';') &&
				    (v[i - 1] == ' ' || v[i - 1] == '\t')) {
					vn = i;
					break;
				}
			text_trim(&v, &vn);
			if (kn == 0) {
				ret = diag_add(d, DIAG_ERROR, file, line, 0,
					       "a setting without a name");
				continue;
			}
			strbuf_reset(&name);
			strbuf_reset(&value);
			strbuf_add(&name, k, kn);
			strbuf_add(&value, v, vn);
			if (fn(section.buf, name.buf, value.buf, line, arg) < 0)
				ret = -1;
		}
	}
	strbuf_release(&section);
	strbuf_release(&name);
	strbuf_release(&value);
	return ret;
}

int config_threads(void)
{
	const char *env = getenv("CRAMPLOG_THREADS");
	char *end;
	long n;

	if (!env || !*env)
		return 0;
	n = strtol(env, &end, 10);
	if (*end != '\0' || n < 1)
		return 0;
	return n > 64 ? 64 : (int)n;
}

int config_second_thread(void)
{
	int n = config_threads();

	return n ? n >= 2 : sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

size_t config_rows_memory(size_t dflt)
{
	const char *env = getenv("CRAMPLOG_ROWS_MEMORY");
	char *end;
	unsigned long long n;

	if (!env || !*env || *env == '-')
		return dflt;
	errno = 0;
	n = strtoull(env, &end, 10);
	if (*end != '\0' || n < 1 || errno)
		return dflt;
	return n > SIZE_MAX ? SIZE_MAX : (size_t)n;
}
