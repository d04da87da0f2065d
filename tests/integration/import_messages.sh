# What an import says of a value it reads but cannot store, found by a
# hostile tester: each message at its FILE:LINE:COLUMN with its reason,
# exit 65, nothing written; and dates that name the month read only where
# an app writes them.
. "$(dirname "$0")/lib.bash"
APPS=$DATA/apps
STRAVA_HEAD='Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Calories'

test_case 'a number too large for a double: out of range, not "not a number"' <<'CASE'
printf 'date,time,athlete,fluid_ml,sodium_mg\n' >h.csv
printf '2026-01-05,07:05,Ann,1e309,\n' >>h.csv
printf '2026-01-05,07:06,Ann,,-1.8e308\n' >>h.csv
printf '2026-01-05,07:07,Ann,,1e-400\n' >>h.csv
printf '2026-01-05,07:08,Ann,1e308,\n' >>h.csv
run "huge numbers" 65 import --kind hydration h.csv
expect_in "1e309: out of range, placed" err "h.csv:2:4: fluid_ml: 1e309 is a number too large for any value, outside 0 to 10000 ml"
expect_in "-1.8e308: out of range, placed" err "h.csv:3:5: sodium_mg: -1.8e308 is a number too large for any value, outside 0 to 20000 mg"
expect_in "1e-400: too near 0" err "h.csv:4:5: sodium_mg: 1e-400 is a number too near 0 to be held: write 0 if it means none"
expect_in "1e308: a double, out of range" err "h.csv:5:4: fluid_ml: 1e308 is outside 0 to 10000 ml"
expect_not_in "never 'not a number'" err "not a number"
expect_eq "nothing written" "$(sql 'SELECT count(*) FROM hydration' 2>/dev/null || echo 0)" "0"
# 1e308 US fl oz is more ml than a double holds.
printf 'date,athlete,fluid_oz\n2026-01-05,Ann,1e308\n' >oz.csv
run "1e308 fl oz" 65 import --kind hydration oz.csv
expect_in "1e308 fl oz: no 'inf ml'" err "oz.csv:2:3: fluid_oz: 1e308 US fl oz is too large in ml, outside 0 to 10000 ml"
expect_not_in "never infinity" err "inf "
CASE

test_case 'a UTC time outside the calendar in the local zone: placed, with its reason' <<'CASE'
printf '%s\n' "$STRAVA_HEAD" '1,"Dec 31, 2199, 11:30:00 PM",Late,Run,3600,10,600' >late.csv
TZ=Europe/Oslo run "2199-12-31 23:30 UTC in Oslo" 65 import --athlete Ann late.csv
expect_in "late: line, column, the year and the zone" err "late.csv:2:2: Activity Date: 2199-12-31 23:30:00 UTC is in the year 2200 in the local time zone (TZ 'Europe/Oslo'), outside 1900 to 2199"
printf '%s\n' "$STRAVA_HEAD" '1,"Jan 1, 1900, 1:00:00 AM",Early,Run,3600,10,600' >early.csv
TZ=America/New_York run "1900-01-01 01:00 UTC in New York" 65 import --athlete Ann early.csv
expect_in "early: line, column, the year and the zone" err "early.csv:2:2: Activity Date: 1900-01-01 01:00:00 UTC is in the year 1899 in the local time zone (TZ 'America/New_York'), outside 1900 to 2199"
TZ=UTC run "the same in UTC" 0 import --athlete Ann --dry-run late.csv
CASE

test_case 'a month named in capitals, accents too (DÉC.), read as in lower case' <<'CASE'
sed -e 's/"20 oct\. 2026, 15:09:27"/"31 DÉC. 2025, 15:09:27"/' "$APPS/strava-activities-fr.csv" >caps.csv
expect_in "the fixture has the capitals" caps.csv '"31 DÉC. 2025, 15:09:27"'
TZ=UTC run "DÉC." 0 import --athlete Ann caps.csv
expect_eq "DÉC. is December" "$(sql "SELECT count(*) FROM training WHERE date = '2025-12-31' AND start_time = '15:09:27'")" "1"
CASE

test_case 'dates that name the month: Strava only, the other apps refuse them' <<'CASE'
sed -e '2s/2026-10-23 17:04:14/"13 juil. 2026, 08:52:18"/' "$APPS/garmin-activities.csv" >g.csv
expect_in "the fixture has the French date" g.csv "13 juil. 2026, 08:52:18"
run "garmin with a French date" 65 import --athlete Ann g.csv
expect_in "garmin: placed, without the example no Garmin writes" err "g.csv:2:2: Date: '13 juil. 2026, 08:52:18' is not a date and time (such as 2026-04-23 08:04:14, Oct 6, 2022, 11:19:20 PM or 20.09.2026, 14:12:12) between 1900 and 2199"
printf 'date,athlete,duration_min\n13 juil. 2026,Ann,60\n' >t.csv
run "a native log" 65 import t.csv
TZ=UTC run "strava in French still read" 0 import --athlete Ann --db fr.db "$APPS/strava-activities-fr.csv"
expect_in "strava fr: every row" out "3 rows: 3 added"
CASE

finish
