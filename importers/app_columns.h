/*
 * Every column seen in the real exports of each app format (stored by
 * cramplog or not), so that a column new to cramplog can be said.
 */
#ifndef CRAMPLOG_APP_COLUMNS_H
#define CRAMPLOG_APP_COLUMNS_H

/* The names (NULL-terminated) of the columns seen in real exports of the
 * format named as --format-hint takes it ("garmin"); NULL for a format
 * without a list (the native logs). */
const char *const *app_columns(const char *format);

#endif
