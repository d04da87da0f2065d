# The html report in a real browser: Debian's chromium, headless, renders
# the sample squad's report at a phone's width and at a desktop's, prints
# it to PDF, and dumps the DOM it built, so that what is checked is what a
# coach's browser shows: every athlete, every inline chart as an SVG element
# with a size, no element wider than the phone's screen outside the
# scrolling tables, and a printout of several pages.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.bash"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	fail "chromium is not installed (Debian package chromium; scripts/install-deps.sh installs it)"
	finish
fi
sample="$here/../../sample-data"

# reports: the sample squad's html and json reports (report.html,
# report.json), copied into each case.
reports() {
	run "import the sample squad" 0 import --quiet "$sample"/*.csv
	run "html report" 0 report --format html --out report.html
	run "json report" 0 report --format json --out report.json
}
reports_here() {
	fixture reports reports
	fixture_copy
}

# chromium, headless, without a sandbox (tests may run as root), with a
# profile of its own, killed if it hangs.
chrome() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--no-first-run --hide-scrollbars --user-data-dir="$WORK/profile" \
		"$@" 2>>"$WORK/chrome.err"
}

png_ok() {
	local name=$1 file=$2
	if [ -s "$file" ] && [ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
		[ "$(stat -c %s "$file")" -gt 20000 ]; then
		pass
	else
		fail "$name: $file is not a rendered PNG of some size"
		grep -v dbus "$WORK/chrome.err" | tail -n 5 | sed 's/^/  chromium: /' >&2
	fi
}

test_case 'screenshots at a phone width and a desktop width' <<'CASE'
reports_here
chrome --window-size=390,2400 --screenshot="$WORK/phone.png" "file://$WORK/report.html" >/dev/null
png_ok "phone screenshot" "$WORK/phone.png"
chrome --window-size=1280,2400 --screenshot="$WORK/desktop.png" "file://$WORK/report.html" >/dev/null
png_ok "desktop screenshot" "$WORK/desktop.png"
CASE

test_case 'printed to PDF: several pages' <<'CASE'
reports_here
chrome --print-to-pdf="$WORK/report.pdf" --no-pdf-header-footer "file://$WORK/report.html" >/dev/null
expect_eq "printed to PDF" "$(head -c 5 "$WORK/report.pdf" 2>/dev/null)" "%PDF-"
pages=$(($(grep -ao '/Type /Page' "$WORK/report.pdf" | wc -l) - $(grep -ao '/Type /Pages' "$WORK/report.pdf" | wc -l)))
if [ "$pages" -ge 2 ]; then pass; else fail "the printout has $pages pages"; fi
CASE

test_case 'the DOM at a phone width: every athlete, every chart within it, nothing wider' <<'CASE'
reports_here
# What the browser built, measured by a script run in the page at a phone's
# width: the athletes' articles, the SVG charts with their rendered size,
# and anything wider than the screen that is not inside a scrolling table.
cat > probe.js <<'JS'
window.addEventListener('load', function () {
	var out = document.createElement('pre');
	out.id = 'probe';
	var svgs = document.querySelectorAll('figure svg');
	var sized = 0;
	svgs.forEach(function (s) {
		var r = s.getBoundingClientRect();
		if (r.width > 200 && r.width <= window.innerWidth && r.height > 100)
			sized++;
	});
	var wide = 0;
	document.querySelectorAll('body *').forEach(function (e) {
		if (e.closest('.scroll') || e.closest('#probe'))
			return;
		if (e.getBoundingClientRect().right > window.innerWidth + 1)
			wide++;
	});
	out.textContent = 'articles=' + document.querySelectorAll('article').length +
		' svgs=' + svgs.length + ' sized=' + sized + ' wide=' + wide +
		' width=' + window.innerWidth;
	document.body.appendChild(out);
});
JS
sed 's|</head>|<script src="probe.js"></script></head>|' report.html > probe.html
chrome --window-size=390,844 --virtual-time-budget=5000 --dump-dom "file://$WORK/probe.html" > dom.html
probe=$(grep -o 'articles=[0-9]* svgs=[0-9]* sized=[0-9]* wide=[0-9]* width=[0-9]*' dom.html)
athletes=$(grep -o '"name": ' report.json | wc -l)
athletes=$((athletes - $(grep -o '"name": "[a-z_]*", "sessions_on"' report.json | wc -l)))
athletes=$((athletes - $(grep -o '"name": "[a-z_]*", "odds_ratio"' report.json | wc -l)))
expect_eq "one article per athlete in the DOM" "${probe%% *}" "articles=$athletes"
svgs=$(echo "$probe" | sed -n 's/.*svgs=\([0-9]*\).*/\1/p')
sized=$(echo "$probe" | sed -n 's/.*sized=\([0-9]*\).*/\1/p')
if [ "${svgs:-0}" -ge 4 ]; then pass; else fail "inline charts in the DOM: '$probe'"; fi
expect_eq "every chart drawn within the phone's width" "$sized" "$svgs"
expect_in "nothing wider than the phone outside the tables" dom.html "wide=0 "
expect_in "every athlete's name in the DOM" dom.html "Marta Petrović"
expect_in "the association line" dom.html "not a diagnosis"
CASE

finish
