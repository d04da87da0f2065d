#!/usr/bin/env bash
# Installs, with apt-get, whatever cramplog needs to build, test and run that
# is not there yet; does nothing when all is there. Works as root on a bare
# Debian 12 machine (or through sudo).
#   scripts/install-deps.sh          build, test and run
#   scripts/install-deps.sh --run    only what building and running need
set -euo pipefail

build_run=(cmake make gcc libc6-dev libcsv-dev libsqlite3-dev gnuplot-nox scdoc)
test_only=(libcmocka-dev sqlite3 valgrind clang libclang-rt-14-dev time chromium
	dpkg-dev man-db r-base-core r-cran-proc r-cran-rms)

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
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
