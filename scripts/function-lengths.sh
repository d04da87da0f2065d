#!/bin/bash
# function-lengths.sh [N] [DIR...]: the N longest C functions (default 10)
# of DIRs (default cmd core importers reports), longest first, as
# "LINES FILE:LINE NAME"; a function's lines run from the first line of its
# signature to its closing brace. It relies on the project's style (a
# definition's "{" and "}" alone at the start of a line), so it needs
# nothing but awk; `ctags --fields=+ne` gives the same.
# With FUNCTION_MAX set, exits 1 when any function is longer than that.
set -eu
cd "$(dirname "$0")/.."
n=${1:-10}
[ $# -gt 0 ] && shift
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(cmd core importers reports)
all=$(find "${dirs[@]}" -name '*.c' -print0 | sort -z | xargs -0 awk '
	FNR == 1 { sig = 0; infn = 0 }
	/^[A-Za-z_][^;]*\(/ && !/^#/ && !infn {
		# The name: the first word right before a "(" (also in
		# "char (*keys(...))[64]").
		if (match($0, /[A-Za-z_][A-Za-z_0-9]*\(/)) {
			name = substr($0, RSTART, RLENGTH - 1)
			sig = FNR
		}
	}
	/^\{/ && sig && !infn { infn = 1 }
	/^\}/ && infn {
		printf "%d %s:%d %s\n", FNR - sig + 1, FILENAME, sig, name
		infn = 0; sig = 0
	}' | sort -k1,1nr -k2,2)
printf '%s\n' "$all" | head -n "$n"
if [ -n "${FUNCTION_MAX:-}" ]; then
	over=$(printf '%s\n' "$all" | awk -v m="$FUNCTION_MAX" '$1 > m' | wc -l)
	if [ "$over" -gt 0 ]; then
		echo "$over functions over $FUNCTION_MAX lines" >&2
		exit 1
	fi
fi
