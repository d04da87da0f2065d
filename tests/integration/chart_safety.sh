# gnuplot under a time limit: the limit ends what gnuplot started too.
. "$(dirname "$0")/lib.bash"

# gone PID: the process has ended (a zombie counts: nobody may reap it).
gone() {
	local state
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 0
	[ "$state" = Z ]
}

cramplog import --quiet "$(cd "$DATA/../.." && pwd)"/sample-data/*.csv
mkdir c

# ---- --timeout ends everything gnuplot started ----
# A gnuplot (first on PATH) that starts a child which ignores SIGTERM,
# then waits: both must be gone after the time limit.
mkdir fakebin
cat > fakebin/gnuplot <<SH
#!/bin/sh
echo \$\$ > "$WORK/gnuplot.pid"
(trap '' TERM; exec sleep 300) &
echo \$! > "$WORK/child.pid"
exec sleep 300
SH
chmod +x fakebin/gnuplot
start=$(date +%s)
PATH="$WORK/fakebin:$PATH" run "timeout" 70 plot team --out c/slow.png --timeout 1
took=$(($(date +%s) - start))
expect_in "timeout: said" err "stopped after 1 seconds"
[ "$took" -lt 15 ] && pass || fail "timeout: took $took s"
child=$(cat child.pid 2>/dev/null)
if [ -n "$child" ]; then
	for _ in 1 2 3 4 5 6 7 8 9 10; do gone "$child" && break; sleep 0.5; done
	gone "$child" && pass || fail "timeout: gnuplot's child $child still runs"
	# What a failure left behind (the fake gnuplot and its child) ends.
	for pid in "$child" "$(cat gnuplot.pid)"; do
		gone "$pid" || kill -9 "$pid"
	done
else
	fail "timeout: the fake gnuplot did not run"
fi
expect_eq "timeout: no chart, no temporary" "$(ls c | grep slow)" "slow.dat
slow.gp"

finish
