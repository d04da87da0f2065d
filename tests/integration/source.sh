# The sources keep what issue 14 made of them: no function of cmd/, core/,
# importers/ or reports/ over 119 lines (scripts/function-lengths.sh), and
# none of the shapes it removed: status checks on strbuf (which cannot fail:
# out of memory is fatal), "goto oom", hand-placed JSON commas, a second
# enum chart_kind, a Newton loop's "goto refresh", or getopt_long's tables
# outside cmd/options.c.
. "$(dirname "$0")/lib.bash"

ROOT=$(cd "$DATA/../.." && pwd)

test_case 'no function over 119 lines' <<'CASE'
if FUNCTION_MAX=119 "$ROOT/scripts/function-lengths.sh" 100000 > lengths 2> over; then
	pass
else
	fail "$(cat over): $(awk '$1 > 119' lengths | tr '\n' ';')"
fi
expect_eq "functions measured" "$([ "$(wc -l < lengths)" -gt 500 ] && echo many)" many
CASE

test_case 'none of the shapes issue 14 removed' <<'CASE'
cd "$ROOT" || exit 1
for shape in 'e |= strbuf_' 'goto oom' 'i ? ", {" : "{"' 'goto refresh'; do
	expect_eq "'$shape'" "$(grep -rnF -- "$shape" cmd core importers reports | head -3)" ""
done
expect_eq "a strbuf's status checked" "$(grep -rnE -- 'strbuf_[a-z]+\(.*\) < 0' cmd core importers reports | head -3)" ""
expect_eq "enum chart_kind defined once" "$(grep -rn 'enum chart_kind {' cmd core importers reports | wc -l)" 1
expect_eq "getopt_long's tables in cmd/options.c alone" "$(grep -rln 'struct option ' cmd/*.c)" cmd/options.c
CASE

finish
