/*
 * Checking TZ (see local_zone.h): a zone file is looked for where glibc
 * looks, and anything else must parse as POSIX's TZ string (XBD 8.3).
 */
#include "local_zone.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define ZONEINFO "/usr/share/zoneinfo"

/* Whether path is a zone file: it starts with the magic "TZif". */
static int zone_file(const char *path)
{
	char magic[4];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), ok;

	if (fd < 0)
		return 0;
	ok = read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	     memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok;
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
