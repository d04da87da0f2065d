# The bash completion (cmd/completion.bash) and the man pages (docs/man/)
# say what --help says: every command has a page, and every option a command
# takes is completed and documented in its page.
. "$(dirname "$0")/lib.bash"

ROOT=$(cd "$DATA/../.." && pwd)
# shellcheck source=../../cmd/completion.bash
. "$ROOT/cmd/completion.bash"
compopt() { :; }   # only works inside a real completion

# complete WORDS...: what the completion offers for the last word.
complete_words() {
	COMP_WORDS=(cramplog "$@")
	COMP_CWORD=$#
	_cramplog
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}

commands=$("$CRAMPLOG_BIN" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
test_case 'every command completed, with --help and --version' <<'CASE'
expect_eq "commands completed" "$(complete_words "")" "$(printf '%s\n' $commands --help --version | sort | tr '\n' ' ')"
CASE

# A command's options: completed as --help lists them (the completion reads
# them from --help), and each in its man page, which cramplog(1) names.
command_documented() {
	# the options a line of --help begins with (not those its prose names)
	"$CRAMPLOG_BIN" "$cmd" --help | grep -E '^ +(-[a-z], )?--' |
		grep -o -- '--[a-z][a-z-]*' | sort -u > help-opts
	_cramplog_options "$cmd" | tr ' ' '\n' | sort -u > comp-opts
	if cmp -s help-opts comp-opts; then pass; else
		fail "$cmd: the completion's options differ from --help"
		diff help-opts comp-opts >&2
	fi
	page="$ROOT/docs/man/cramplog-$cmd.1.scd"
	if [ -f "$page" ]; then
		pass
		if command -v scdoc >/dev/null; then
			# scdoc stops at a line it cannot read, and says so
			if scdoc < "$page" > page.1 2> scdoc.err; then pass; else
				fail "$cmd: scdoc refuses its man page: $(cat scdoc.err)"
			fi
		fi
		grep -o -- '--[a-z][a-z-]*' "$page" | sort -u > page-opts
		missing=$(comm -23 help-opts page-opts | tr '\n' ' ')
		expect_eq "$cmd: options of --help missing from its man page" "$missing" ""
		expect_in "$cmd: named in cramplog(1)" "$ROOT/docs/man/cramplog.1.scd" "*cramplog-$cmd*(1)"
	else
		fail "$cmd has no man page ($page)"
	fi
}
for cmd in $commands; do
	test_case "$cmd: its options completed as --help lists them, and in its man page" command_documented
done

test_case 'a command and an option completed, also after a file' <<'CASE'
expect_eq "a command" "$(complete_words rep)" "report "
expect_eq "an option" "$(complete_words import --dr)" "--dry-run "
expect_eq "options after a file" "$(complete_words import week.csv --sk)" "--skip-invalid "
CASE

test_case 'the values of options completed: charts, terms, exposures, formats, factors, thresholds, apps' <<'CASE'
expect_eq "charts" "$(complete_words plot "")" "calibration dose factors history load team "
expect_eq "terms" "$(complete_words analyze --terms "")" "continuous flags "
expect_eq "a continuous exposure" "$(complete_words analyze --spline sodium_b)" "sodium_balance_mg "
expect_eq "validate formats" "$(complete_words validate --format "")" "csv json text "
expect_eq "report formats" "$(complete_words report --format "")" "html json markdown text "
expect_eq "exposures formats" "$(complete_words exposures --format "")" "csv json "
expect_eq "a factor in a list" "$(complete_words analyze --factors dehydration,low_s)" "dehydration,low_sodium "
expect_eq "threshold names" "$(complete_words exposures --threshold low_so)" "low_sodium_mg= "
expect_eq "app names" "$(complete_words import --format-hint cronometer)" "cronometer cronometer-biometrics "
CASE

test_case 'files to import and a directory for charts completed' <<'CASE'
: > training-week.csv
mkdir charts-dir
expect_eq "files to import" "$(complete_words import train)" "training-week.csv "
expect_eq "a directory for charts" "$(complete_words report --charts charts)" "charts-dir "
CASE

finish
