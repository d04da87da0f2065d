# The README, the man pages (docs/man/) and docs/ say what --help says:
# each command's page lists as options exactly those its --help lists;
# every "cramplog COMMAND ... --option" they show is an option of COMMAND;
# the README's table of commands is cramplog --help's, and each command is
# described alike by --help, its page, cramplog(1) and the README.
. "$(dirname "$0")/lib.bash"

ROOT=$(cd "$DATA/../.." && pwd)
commands=$("$CRAMPLOG_BIN" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')

# help_options CMD: the options CMD's --help lists, a line each (those its
# option lines begin with, not those their descriptions name).
help_options() {
	"$CRAMPLOG_BIN" "$1" --help | grep -E '^ +-' | sed -E 's/^ +//; s/  .*//' |
		grep -oE -- '(^|[ ,])--?[a-zA-Z][a-z-]*' | tr -d ' ,' | sort -u
}

# page_options CMD: the options its man page's OPTIONS section lists as
# items ("*--db* _path_", "*-q*, *--quiet*").
page_options() {
	awk '/^# OPTIONS/ { on = 1; next } /^# / { on = 0 } on && /^\*-/' \
		"$ROOT/docs/man/cramplog-$1.1.scd" |
		grep -oE -- '\*--?[a-zA-Z][a-z-]*\*' | tr -d '*' | sort -u
}

same_options() {
	help_options "$cmd" > help-opts
	expect_eq "$cmd: --help lists options" "$([ -s help-opts ] && echo yes)" yes
	page_options "$cmd" > page-opts
	expect_eq "$cmd: in --help, not among its man page's OPTIONS" \
		"$(comm -23 help-opts page-opts | tr '\n' ' ')" ""
	expect_eq "$cmd: among its man page's OPTIONS, not in --help" \
		"$(comm -13 help-opts page-opts | tr '\n' ' ')" ""
}
for cmd in $commands; do
	test_case "$cmd: its man page's OPTIONS are those of --help" same_options
done

test_case 'every "cramplog COMMAND --option" in the README, docs/ and the man pages exists' <<'CASE'
for cmd in $commands; do
	help_options "$cmd" > "opts-$cmd"
done
n=0
# A command as the documents show it: in backquotes, bold in a man page
# ("*cramplog import --team*"), or an example's "$ cramplog ..." line; up
# to "--" (files follow), a pipe or a comment.
while IFS=: read -r file line text; do
	text=$(printf '%s\n' "$text" | sed -E 's/^[`*$ ]*//; s/[*`]$//; s/ (--|\||#) .*//')
	cmd=$(printf '%s\n' "$text" | awk '{ print $2 }')
	[ -f "opts-$cmd" ] || continue
	for opt in $(printf '%s\n' "$text" | grep -oE -- ' --?[a-zA-Z][a-z-]*' | tr -d ' '); do
		n=$((n + 1))
		grep -qxF -- "$opt" "opts-$cmd" ||
			fail "$file:$line: $opt is no option of 'cramplog $cmd' ($text)"
	done
done < <(cd "$ROOT" && grep -noE '`cramplog [^`]*`|\*cramplog [^*]*\*|^\$ cramplog .*' \
	README.md docs/*.md docs/man/*.scd)
expect_eq "options shown in the documents checked" "$([ "$n" -gt 30 ] && echo many)" many
CASE

test_case "the README's table of commands is cramplog --help's" <<'CASE'
readme=$(grep -E '^\| `[a-z]' "$ROOT/README.md" | cut -d'|' -f2 | grep -oE '`[a-z]+`' | tr -d '`' | sort)
expect_eq "commands" "$(printf '%s\n' $readme | tr '\n' ' ')" "$(printf '%s\n' $commands | sort | tr '\n' ' ')"
CASE

# Each command's line of cramplog --help, its man page's NAME, its entry
# in cramplog(1) (capitalized, ending "See *cramplog-CMD*(1).") and its row
# of the README's table say the same.
described() {
	help=$("$CRAMPLOG_BIN" --help | awk -v c="$cmd" '$1 == c { $1 = ""; sub(/^ +/, ""); print; exit }')
	expect_eq "$cmd: --help describes it" "$([ -n "$help" ] && echo yes)" yes
	expect_eq "$cmd: its man page's NAME" \
		"$(sed -n "s/^cramplog-$cmd - //p" "$ROOT/docs/man/cramplog-$cmd.1.scd")" "$help"
	expect_eq "$cmd: in cramplog(1)" "$(awk -v c="*$cmd*" '
		$0 == c { on = 1; next }
		on && /^\t/ { sub(/^\t/, ""); t = t (t == "" ? "" : " ") $0; next }
		on { exit }
		END { sub(/ See \*cramplog-[a-z]+\*\(1\)\.$/, "", t); sub(/\.$/, "", t)
		      print tolower(substr(t, 1, 1)) substr(t, 2) }' "$ROOT/docs/man/cramplog.1.scd")" "$help"
	expect_eq "$cmd: in the README" "$(grep -F "| \`$cmd\` |" "$ROOT/README.md" | cut -d'|' -f3 | sed 's/^ //; s/ $//')" "$help"
}
for cmd in $commands; do
	test_case "$cmd: --help, its man page, cramplog(1) and the README describe it alike" described
done

finish
