#!/usr/bin/env bash
# Runs every fuzz target of the module for SECONDS each (default 60), one
# after another, and fails if any finds an input that breaks it. A finding
# is written by go test to testdata/fuzz/<Target>/ of its package, where
# plain `go test` replays it from then on: commit it with the fix.
#
#   scripts/fuzz.sh            # every target, 60 s each
#   scripts/fuzz.sh 600        # ten minutes each
#   scripts/fuzz.sh 300 FuzzPDF FuzzXLSX   # only these targets
#
# Targets are found with go test -list, so new ones are run without
# editing this script. The fuzzer minimises each new interesting input by
# default for up to a minute, during which it reports no progress; that
# is capped here at a few hundred runs, or a 60 s run of a slow target
# (FuzzPDF) would spend its minute minimising instead of fuzzing.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
shift || true
only=" $* "
tags=sqlite_fts5

# go test -list prints each package's matching tests, then "ok  <package> …".
list=$(go test -tags "$tags" -list '^Fuzz' ./...)
mapfile -t lines <<<"$list"
targets=()
names=()
for line in "${lines[@]}"; do
	case $line in
	Fuzz*) names+=("$line") ;;
	ok*)
		pkg=$(awk '{print $2}' <<<"$line")
		for n in "${names[@]}"; do
			if [ "$only" = "  " ] || [[ $only == *" $n "* ]]; then
				targets+=("$pkg $n")
			fi
		done
		names=()
		;;
	esac
done
if [ ${#targets[@]} -eq 0 ]; then
	echo "fuzz: no fuzz targets matched" >&2
	exit 1
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
start=$SECONDS
failed=()
echo "fuzz: ${#targets[@]} targets, ${secs}s each"
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	t0=$SECONDS
	corpus="$(go list -tags "$tags" -f '{{.Dir}}' "$pkg")/testdata/fuzz/$name"
	before=$(ls "$corpus" 2>/dev/null | sort || true)
	if go test -tags "$tags" -run '^$' -fuzz "^${name}\$" -fuzztime "${secs}s" -fuzzminimizetime 500x \
		-timeout "$((secs + 600))s" "$pkg" >"$logs/$name.log" 2>&1; then
		execs=$(grep -o 'execs: [0-9]*' "$logs/$name.log" | tail -1 || true)
		echo "ok    $name ($pkg): ${execs:-no count}, $((SECONDS - t0))s"
	elif grep -q '^    context deadline exceeded$' "$logs/$name.log" &&
		[ "$(ls "$corpus" 2>/dev/null | sort || true)" = "$before" ]; then
		# Go's fuzz coordinator (go1.26, golang/go#75804) can fail a target
		# with "context deadline exceeded" as -fuzztime ends, having found
		# nothing: no failing input was written, so the run is a pass.
		execs=$(grep -o 'execs: [0-9]*' "$logs/$name.log" | tail -1 || true)
		echo "ok    $name ($pkg): ${execs:-no count}, $((SECONDS - t0))s (ended by golang/go#75804, no finding)"
	else
		echo "FAIL  $name ($pkg), $((SECONDS - t0))s:"
		grep -v '^fuzz: elapsed' "$logs/$name.log" | tail -30 | sed 's/^/      /'
		failed+=("$name")
	fi
done
echo "fuzz: ${#targets[@]} targets in $((SECONDS - start))s"
if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzz: findings in ${failed[*]}; the failing inputs are in testdata/fuzz/ of their packages" >&2
	exit 1
fi
