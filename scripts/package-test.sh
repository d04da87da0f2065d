#!/usr/bin/env bash
# Builds the Debian package (cpack -G DEB), installs it, checks that the
# program, its man pages and its bash completion are where Debian expects
# them, then removes it and checks that nothing is left. Needs root (or
# sudo) to install; run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=()
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null; then
		echo "package-test: skipped: installing a package needs root or sudo" >&2
		exit 0
	fi
	sudo=(sudo)
fi
if dpkg-query -W -f='${Status}' cramplog 2>/dev/null | grep -q "install ok"; then
	echo "package-test: a cramplog package is installed already; not touching it" >&2
	exit 1
fi

build=build/package
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRAMPLOG_TESTS=OFF \
	-DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
rm -f "$build"/cramplog_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/cramplog_*.deb)
echo "package-test: built $deb ($(stat -c %s "$deb") bytes)"

failed=0
check() {
	if "$@" >/dev/null 2>&1; then
		echo "ok: $*"
	else
		echo "FAIL: $*" >&2
		failed=1
	fi
}

# cpack asks dpkg-shlibdeps (CPACK_DEBIAN_PACKAGE_SHLIBDEPS) for the
# libraries the binary links: libpq5 among them, for the PostgreSQL store.
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libcsv3 libsqlite3-0 libpq5; do
	check grep -q "\b$lib\b" <<<"$depends"
done

"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
check test "$(/usr/bin/cramplog --version)" = "cramplog $(sed -n 's/^project(cramplog VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)"
check man -w cramplog
for page in docs/man/*.1.scd; do
	check man -w "$(basename "$page" .1.scd)"
done
check test -f /usr/share/bash-completion/completions/cramplog
check bash -c '. /usr/share/bash-completion/completions/cramplog && complete -p cramplog'
files=$(dpkg -L cramplog | while read -r f; do [ -f "$f" ] && echo "$f"; done)

"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq cramplog >/dev/null
check test -z "$(dpkg-query -W -f='${Status}' cramplog 2>/dev/null | grep 'install ok' || true)"
for f in $files; do
	check test ! -e "$f"
done

if [ "$failed" -ne 0 ]; then
	echo "package-test: FAILED" >&2
	exit 1
fi
echo "package-test: installed, checked and removed cleanly ($(echo "$files" | wc -l) files)"
