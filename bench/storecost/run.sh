#!/usr/bin/env bash
# Counts the instructions SQLite spends storing a form, with callgrind: the
# seed's forms are stored file after file, as formaudit import stores them,
# by a C program built against the SQLite go-sqlite3 bundles, into a database
# of the current schema, as it is and after each SETUP.sql given. Unlike time
# on a shared machine, the counts are the same from run to run, so a change
# to the schema or to how rows are written can be judged by a few percent.
#
#   bench/storecost/run.sh [--files N] [--per K] [SETUP.sql ...]
#
# --files  files to store (default 200); --per  forms in each (default: the
# seed's 14). Needs gcc and valgrind; the first run compiles SQLite (~90 s).
set -euo pipefail
cd "$(dirname "$0")/../.."

files=200 per=
while [ $# -gt 0 ]; do
	case $1 in
	--files) files=$2; shift ;;
	--per) per=$2; shift ;;
	-h|--help) sed -n '2,12p' "$0"; exit 0 ;;
	-*) echo "storecost: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
for tool in gcc valgrind callgrind_annotate; do
	command -v $tool >/dev/null || { echo "storecost: $tool is needed" >&2; exit 1; }
done

out=${BENCH_OUT:-/tmp/formaudit-bench}/storecost
mkdir -p "$out"
sqlite=$(go list -m -f '{{.Dir}}' github.com/mattn/go-sqlite3)
version=$(go list -m -f '{{.Version}}' github.com/mattn/go-sqlite3)
# The flags go-sqlite3 compiles SQLite with (sqlite3.go, sqlite3_opt_fts5.go).
cflags="-O2 -std=gnu99 -DSQLITE_ENABLE_RTREE -DSQLITE_THREADSAFE=1 -DHAVE_USLEEP=1
	-DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_TRACE_SIZE_LIMIT=15
	-DSQLITE_OMIT_DEPRECATED -DSQLITE_DEFAULT_WAL_SYNCHRONOUS=1
	-DSQLITE_ENABLE_UPDATE_DELETE_LIMIT -DSQLITE_ENABLE_FTS5 -Wno-deprecated-declarations"
if [ ! -f "$out/sqlite3-$version.o" ]; then
	echo "compiling SQLite of go-sqlite3 $version ..." >&2
	# shellcheck disable=SC2086
	gcc $cflags -c -o "$out/sqlite3-$version.o" "$sqlite/sqlite3-binding.c"
fi
gcc -O2 -g -I"$sqlite" -o "$out/storecost" bench/storecost/storecost.c "$out/sqlite3-$version.o" -lm -lpthread

go build -tags sqlite_fts5 -o "$out/formaudit" ./cmd/formaudit
rm -f "$out"/from.db* "$out"/empty.db*
"$out/formaudit" import --quiet --db "$out/from.db" fixtures/docs/seed-2024.txt
mkdir -p "$out/nothing"
"$out/formaudit" import --quiet --db "$out/empty.db" "$out/nothing"

measure() { # name [setup]
	local db="$out/to.db"
	rm -f "$db" "$db-wal" "$db-shm"
	cp "$out/empty.db" "$db"
	local forms ir
	forms=$(PER=$per valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.$1" \
		"$out/storecost" "$out/from.db" "$db" "$files" ${2:+"$2"} 2>"$out/valgrind.$1.log")
	ir=$(awk '/^(summary|totals):/ {print $2; exit}' "$out/callgrind.$1")
	printf '%-40s %15s instructions, %9d a form\n' "$1" "$ir" $((ir / forms))
}

echo "storing $files files of ${per:-14} seed forms each (SQLite of go-sqlite3 $version); callgrind output in $out"
measure "current schema"
for setup in "$@"; do
	measure "$(basename "$setup")" "$setup"
done
