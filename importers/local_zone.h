/*
 * Whether the TZ environment variable names a time zone the C library
 * knows. glibc takes an unknown TZ ("Nowhere/Land", a typo) as UTC without
 * a word, so that an app's UTC times would be "made local" to UTC; the
 * importers ask this first and refuse such a TZ.
 */
#ifndef CRAMPLOG_LOCAL_ZONE_H
#define CRAMPLOG_LOCAL_ZONE_H

/* 1 when tz (getenv("TZ"), perhaps NULL) is known, else 0. Known: unset
 * (the system's zone), empty, "UTC" or "GMT" (UTC, as glibc reads them
 * even without zone files); after an optional ':', a zone file (starting
 * "TZif") at tz when it is an absolute path, else under tzdir (getenv
 * ("TZDIR")) when set and not empty, else under /usr/share/zoneinfo; or a
 * POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3", "<+0530>-5:30"). */
int local_zone_known(const char *tz, const char *tzdir);

#endif
