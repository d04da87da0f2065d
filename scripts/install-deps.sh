#!/usr/bin/env bash
# Installs, with apt-get, whatever cramplog needs to build, test and run that
# is not there yet; does nothing when all is there. Works as root on a bare
# Debian 12 machine (or through sudo).
#   scripts/install-deps.sh          build, test and run
#   scripts/install-deps.sh --run    only what building and running need
set -euo pipefail

build_run=(cmake make gcc libc6-dev pkg-config libcsv-dev libsqlite3-dev libpq-dev
	gnuplot-nox scdoc)
# postgresql-15: the server the tests start a throwaway cluster of
# (tests/integration/pg.bash); not the metapackage, which adds nothing the
# tests need.
test_only=(libcmocka-dev sqlite3 valgrind clang libclang-rt-14-dev time chromium
	dpkg-dev man-db r-base-core r-cran-proc r-cran-rms postgresql-15)

packages=("${build_run[@]}")
[ "${1:-}" = "--run" ] || packages+=("${test_only[@]}")

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || {
		echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
		exit 1
	}
	sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# postgresql-15's post-install makes a cluster and starts it through
# invoke-rc.d, which fails in a container without an init system and would
# fail the install. A policy-rc.d that forbids starting services (exit 101,
# the Debian way for chroots and containers) makes invoke-rc.d skip that;
# it is ours only for the install, and only when there was none.
policy=/usr/sbin/policy-rc.d
own_policy=0
case " ${missing[*]} " in
*" postgresql-15 "*)
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\n# cramplog install-deps: no service starts during the install\nexit 101\n' |
			"${sudo[@]}" tee "$policy" >/dev/null
		"${sudo[@]}" chmod 755 "$policy"
		own_policy=1
		trap '"${sudo[@]}" rm -f "$policy"' EXIT
	fi
	;;
esac
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if [ "$own_policy" -eq 1 ]; then
	"${sudo[@]}" rm -f "$policy"
fi
