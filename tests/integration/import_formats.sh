# What spreadsheets and apps write imports: BOM, CRLF, ';' with decimal
# commas, tabs, spaces around values, other column orders and names, and
# imperial units converted to the store's.
. "$(dirname "$0")/lib.bash"

# A spreadsheet's export (two athletes) imported into a new database.
excel_imported() {
	run "excel semicolon" 0 import "$DATA/formats/excel-semicolon.csv"
	expect_in "excel kind" out "hydration, 2 rows: 2 added"
}

test_case 'excel: a BOM, semicolons and decimal commas' <<'CASE'
fixture excel excel_imported
fixture_db
expect_eq "BOM not in the name" "$(sql "SELECT name FROM athletes WHERE id = 1")" "Zoë Müller"
expect_eq "decimal commas" "$(sql "SELECT body_mass_kg, usg, urine_color FROM hydration WHERE time = '07:00:00'")" "61.3|1.015|3"
expect_eq "quoted semicolon in name" "$(sql "SELECT name FROM athletes WHERE id = 2")" "Müller; Zoë"
expect_eq "quoted decimal comma" "$(sql "SELECT fluid_ml FROM hydration WHERE time = '10:00:00'")" "330.5"
CASE

test_case 'tabs and imperial units: converted to the store units' <<'CASE'
fixture excel excel_imported
fixture_db
run "tab and imperial" 0 import "$DATA/formats/imperial.tsv"
expect_in "imperial kind" out "training, 1 rows: 1 added"
expect_eq "trimmed name" "$(sql "SELECT name FROM athletes WHERE id = 3")" "Sam Lee"
expect_eq "time padded" "$(sql "SELECT start_time FROM training")" "09:05:00"
# 176 lb, 16 US fl oz, 6.2 mi, 86 °F
expect_eq "pounds to kg" "$(sql "SELECT printf('%.6f', pre_mass_kg) FROM training")" "79.832257"
expect_eq "fl oz to ml" "$(sql "SELECT printf('%.6f', fluid_ml) FROM training")" "473.176473"
expect_eq "miles to km" "$(sql "SELECT printf('%.6f', distance_km) FROM training")" "9.977933"
expect_eq "fahrenheit to celsius" "$(sql "SELECT printf('%.6f', temp_c) FROM training")" "30.000000"
expect_eq "NO is no" "$(sql "SELECT cramp FROM training")" "0"
CASE

test_case '--kind: a header that fits two kinds needs it' <<'CASE'
run "ambiguous header" 65 import "$DATA/bad/ambiguous.csv"
expect_in "ambiguous says --kind" err "use --kind"
run "kind given" 0 import --kind diet "$DATA/bad/ambiguous.csv"
expect_in "kind diet" out "diet, 1 rows: 1 added"
CASE

finish
