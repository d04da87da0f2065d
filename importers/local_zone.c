/*
 * Checking TZ (see local_zone.h): a zone file is looked for where glibc
 * looks, and anything else must parse as POSIX's TZ string (XBD 8.3).
 */
#include "local_zone.h"
#include "bytes.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ZONEINFO "/usr/share/zoneinfo"

/* Whether path is a zone file as RFC 8536 lays it out, and whole: the
 * magic "TZif", a version, and at least one local time type, its
 * designation and the data the header's counts announce. glibc reads a
 * file that is not, or is cut short, as UTC without a word. */
static int zone_file(const char *path)
{
	unsigned char h[44];
	unsigned long isut, isstd, leap, times, types, chars, need;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), ok;
	struct stat sb;

	if (fd < 0)
		return 0;
	ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	     read(fd, h, sizeof(h)) == (ssize_t)sizeof(h) &&
	     memcmp(h, "TZif", 4) == 0 &&
	     (h[4] == 0 || (h[4] >= '2' && h[4] <= '4'));
	close(fd);
	if (!ok)
		return 0;
	isut = be32(h + 20);
	isstd = be32(h + 24);
	leap = be32(h + 28);
	times = be32(h + 32);
	types = be32(h + 36);
	chars = be32(h + 40);
	if (types == 0 || types > 256 || chars == 0 || chars > 65536 ||
	    times > 1000000 || leap > 100000 || isut > types || isstd > types)
		return 0;
	need = sizeof(h) + times * 5 + types * 6 + chars + leap * 8 + isstd +
	       isut;
	return (unsigned long long)sb.st_size >= need;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A zone's name: three letters or more, or "<...>" of three or more
 * letters, digits, '+' and '-'. Moves *s past it; 0 when there is none. */
static int posix_name(const char **s)
{
	const char *p = *s;
	size_t n = 0;

	if (*p == '<') {
		for (p++; is_alpha(*p) || is_digit(*p) || *p == '+' || *p == '-'; p++)
			n++;
		if (*p != '>' || n < 3)
			return 0;
		*s = p + 1;
		return 1;
	}
	while (is_alpha(p[n]))
		n++;
	*s = p + n;
	return n >= 3;
}

/* A number of at most two digits, at most max. */
static int posix_number(const char **s, int max)
{
	int v = 0, n = 0;

	while (is_digit(**s) && n < 3) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n > 0 && v <= max;
}

/* [+-]hh[:mm[:ss]], hours at most max_hours. */
static int posix_offset(const char **s, int max_hours)
{
	if (**s == '+' || **s == '-')
		(*s)++;
	if (!posix_number(s, max_hours))
		return 0;
	for (int i = 0; i < 2 && **s == ':'; i++) {
		(*s)++;
		if (!posix_number(s, 59))
			return 0;
	}
	return 1;
}

/* A rule's date, Jn, n or Mm.w.d, and its optional /time. */
static int posix_date(const char **s)
{
	int ok;

	if (**s == 'J') {
		(*s)++;
		ok = posix_number(s, 365);
	} else if (**s == 'M') {
		(*s)++;
		ok = posix_number(s, 12) && *(*s)++ == '.' &&
		     posix_number(s, 5) && *(*s)++ == '.' && posix_number(s, 6);
	} else {
		ok = posix_number(s, 365);
	}
	if (ok && **s == '/') {
		(*s)++;
		ok = posix_offset(s, 167);
	}
	return ok;
}

/* std offset [dst [offset] [,start[/time],end[/time]]] */
static int posix_tz(const char *s)
{
	if (!posix_name(&s) || !posix_offset(&s, 24))
		return 0;
	if (!*s)
		return 1;
	if (!posix_name(&s))
		return 0;
	if (*s && *s != ',' && !posix_offset(&s, 24))
		return 0;
	if (!*s)
		return 1;
	return *s++ == ',' && posix_date(&s) && *s++ == ',' && posix_date(&s) &&
	       !*s;
}

int local_zone_known(const char *tz, const char *tzdir)
{
	char path[PATH_MAX];
	int n;

	if (!tz || !*tz || strcmp(tz, "UTC") == 0 || strcmp(tz, "GMT") == 0)
		return 1;
	if (*tz == ':')
		tz++;
	if (*tz == '/')
		return zone_file(tz);
	n = snprintf(path, sizeof(path), "%s/%s",
		     tzdir && *tzdir ? tzdir : ZONEINFO, tz);
	return (n > 0 && (size_t)n < sizeof(path) && zone_file(path)) ||
	       posix_tz(tz);
}
