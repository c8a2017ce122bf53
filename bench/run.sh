#!/usr/bin/env bash
# Import benchmark: builds synthetic archives of varied seed forms (text
# dumps, workbooks and PDFs) and measures `formaudit import` on them, with 1
# and 2 jobs, against `pdftotext -layout` run once per PDF. docs/bench.md
# explains the figures.
#
#   bench/run.sh                      # 1,000 and 10,000 forms
#   bench/run.sh --sizes 1000         # only the small archive
#   bench/run.sh --no-pdf --no-xlsx   # text dumps only
#   bench/run.sh --fresh              # rebuild archives kept from an earlier run
#   bench/run.sh --repeat 5           # 5 rounds of every measurement (default 3)
#   bench/run.sh --build-only         # build the archives now, measure later
#   bench/run.sh --one-file "1000 30000"  # the one-file dumps to measure (default 10000; "" none),
#                                         # then the largest archive's PDFs as one pdftotext text
#
# Needs go, GNU time (/usr/bin/time), pdftotext and pdfinfo (poppler-utils),
# and LibreOffice (soffice) to print PDFs; without soffice PDFs are left out.
# A kind of file that formaudit does not import yet is left out of the import
# runs (and said so); the pdftotext baseline still runs on the PDFs.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="1000 10000"
repeat=3
want_pdf=1
want_xlsx=1
fresh=0
build_only=0
one_file="10000"
out=${BENCH_OUT:-/tmp/formaudit-bench}
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=$2; shift ;;
	--repeat) repeat=$2; shift ;;
	--no-pdf) want_pdf=0 ;;
	--no-xlsx) want_xlsx=0 ;;
	--fresh) fresh=1 ;;
	--build-only) build_only=1 ;;
	--one-file) one_file=$2; shift ;;
	--out) out=$2; shift ;;
	*) echo "usage: $0 [--sizes \"1000 10000\"] [--repeat N] [--no-pdf] [--no-xlsx] [--fresh] [--build-only] [--one-file \"10000\"] [--out DIR]" >&2; exit 2 ;;
	esac
	shift
done

need() { command -v "$1" >/dev/null || { echo "bench: $1 not found${2:+ ($2)}" >&2; exit 1; }; }
need go
need pdftotext "apt-get install poppler-utils"
need pdfinfo "apt-get install poppler-utils"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }
if [ $want_pdf = 1 ] && ! command -v soffice >/dev/null; then
	echo "bench: soffice not found (apt-get install libreoffice-calc): leaving PDFs out" >&2
	want_pdf=0
fi

mkdir -p "$out/bin"
bin=$out/bin
echo "building into $bin" >&2
go build -tags sqlite_fts5 -o "$bin/formaudit" ./cmd/formaudit
go build -o "$bin/mkarchive" ./bench/mkarchive
go build -tags sqlite_fts5 -o "$bin/accuracy" ./bench/accuracy
if [ $want_pdf = 1 ] || [ $want_xlsx = 1 ]; then
	go build -o "$bin/fixturegen" ./cmd/fixturegen
fi

# spec gives the archive's make-up for a size: PDFs of 2 forms and text and
# workbooks of 10 at 1,000 forms; PDFs of 10 forms at 10,000.
spec() {
	local size=$1 pdf_forms=2 pdf_share=2 # half the forms in PDFs
	[ "$size" -ge 5000 ] && pdf_forms=10
	local pdf=$((size / pdf_share)) rest
	[ $want_pdf = 1 ] || pdf=0
	rest=$((size - pdf))
	local xlsx=$((want_xlsx ? rest / 2 : 0))
	local text=$((rest - xlsx))
	local s="text:$((text / 10))x10"
	[ $xlsx -gt 0 ] && s="$s,xlsx:$((xlsx / 10))x10"
	[ $pdf -gt 0 ] && s="$s,pdf:$((pdf / pdf_forms))x$pdf_forms"
	echo "$s"
}

# build_archive writes $dir/{text,xlsx,pdf} for one size, unless a complete
# one with the same make-up is there already.
build_archive() {
	local dir=$1 spec=$2
	if [ $fresh = 0 ] && [ -f "$dir/spec" ] && [ "$(cat "$dir/spec")" = "$spec" ]; then
		echo "reusing $dir ($spec)" >&2
		return
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	"$bin/mkarchive" -out "$dir" -spec "$spec" >&2
	local kind f
	for kind in xlsx pdf; do
		[ -d "$dir/truth/$kind" ] || continue
		mkdir -p "$dir/xlsx-$kind"
		for f in "$dir/truth/$kind"/*.json; do
			"$bin/fixturegen" -in "$f" -out "$dir/xlsx-$kind/$(basename "$f" .json).xlsx"
		done
	done
	[ -d "$dir/xlsx-xlsx" ] && mv "$dir/xlsx-xlsx" "$dir/xlsx"
	if [ -d "$dir/xlsx-pdf" ]; then
		echo "printing $(ls "$dir/xlsx-pdf" | wc -l) PDFs with LibreOffice" >&2
		mkdir -p "$dir/pdf"
		local try missing
		for try in 1 2 3 4; do
			missing=()
			for f in "$dir/xlsx-pdf"/*.xlsx; do
				[ -s "$dir/pdf/$(basename "$f" .xlsx).pdf" ] || missing+=("$f")
			done
			[ ${#missing[@]} = 0 ] || [ "$try" = 4 ] && break
			# LibreOffice sometimes stops after a few hundred files.
			[ "$try" = 1 ] || echo "LibreOffice left ${#missing[@]} PDFs unprinted: trying again" >&2
			# One soffice for all files, since starting it costs seconds, with
			# a profile of its own so that a LibreOffice already running does
			# not take the job.
			soffice -env:UserInstallation="file://$out/lo-profile" --headless \
				--convert-to pdf --outdir "$dir/pdf" "${missing[@]}" >/dev/null 2>&1 || true
		done
		if [ ${#missing[@]} != 0 ]; then
			echo "bench: LibreOffice did not print ${#missing[@]} PDFs, e.g. ${missing[0]}" >&2
			exit 1
		fi
		rm -rf "$dir/xlsx-pdf"
	fi
	echo "$spec" >"$dir/spec"
}

# accepts tells whether formaudit imports a file of this kind.
accepts() {
	local samples=("$1"/*)
	[ -f "${samples[0]}" ] || return 1
	local db=$out/probe.db
	rm -f "$db" "$db-wal" "$db-shm"
	"$bin/formaudit" import --db "$db" --json "${samples[0]}" 2>/dev/null | grep -q '"imported": 1,'
}

# json_int KEY INDENT FILE reads an integer from the JSON summary; INDENT
# tells a top-level key (2 spaces) from one in "status" (4).
json_int() { sed -n "s/^ \{$2\}\"$1\": \([0-9]*\),*$/\1/p" "$3"; }

# one_import DB LABEL JOBS DIRS... imports into a new database once and
# prints its wall seconds, peak RSS in MB (GNU time), the forms stored and
# files failed (JSON summary), and the share of the CPUs it got: far below
# 100 × jobs means other processes took the machine.
one_import() {
	local db=$1 label=$2 jobs=$3
	shift 3
	local rc=0 t0 t1 rss
	rm -f "$db" "$db-wal" "$db-shm"
	t0=$(date +%s.%N)
	/usr/bin/time -v -o "$out/time-$label.txt" "$bin/formaudit" import --db "$db" --json --jobs "$jobs" "$@" \
		>"$out/summary-$label.json" 2>"$out/stderr-$label.txt" || rc=$?
	t1=$(date +%s.%N)
	if [ $rc != 0 ] && [ $rc != 2 ]; then
		echo "bench: import $label failed (exit $rc); see $out/stderr-$label.txt" >&2
		exit 1
	fi
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time-$label.txt")
	echo "$(elapsed "$t0" "$t1") $((rss / 1024)) $(json_int forms 2 "$out/summary-$label.json")" \
		"$(json_int failed 4 "$out/summary-$label.json") $(sed -n 's/.*Percent of CPU this job got: //p' "$out/time-$label.txt")"
}

# pdftotext_once JOBS DIR runs pdftotext -layout once per file, JOBS at a
# time, and prints the wall seconds.
pdftotext_once() {
	local t0 t1
	t0=$(date +%s.%N)
	find "$2" -name '*.pdf' -print0 | xargs -0 -I{} -P "$1" pdftotext -layout {} /dev/null
	t1=$(date +%s.%N)
	elapsed "$t0" "$t1"
}

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
least() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# ceiling CPU% prints 2 / the CPU share, the speed-up two cores allow a run
# that took that share with one job.
ceiling() { awk -v p="${1%\%}" 'BEGIN { if (p > 0) printf "%.2f", 200 / p; else print "n/a" }'; }
# median NUMBERS... prints the middle one (the mean of the two middle ones
# of an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# spread NUMBERS... prints "least–greatest".
spread() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { a = $1 } { b = $1 } END { print a "–" b }'; }

report=$out/results.md
{
	echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
	echo
	echo '```'
	echo "nproc: $(nproc)"
	free -h | head -2
	lscpu | grep -v '^Flags' | head -15
	echo '```'
	echo
} >"$report"

for size in $sizes; do
	dir=$out/archive-$size
	build_archive "$dir" "$(spec "$size")"
	[ $build_only = 0 ] || continue
	kinds=()
	dirs=()
	for kind in text xlsx pdf; do
		[ -d "$dir/$kind" ] || continue
		if accepts "$dir/$kind"; then
			kinds+=("$kind")
			dirs+=("$dir/$kind")
		else
			echo "formaudit does not import $kind files yet: left out of the import runs" >&2
		fi
	done
	files=$(find "${dirs[@]}" -type f | wc -l)
	pdfs=0 pages=0
	if [ -d "$dir/pdf" ]; then
		pdfs=$(find "$dir/pdf" -name '*.pdf' | wc -l)
		pages=$(find "$dir/pdf" -name '*.pdf' -exec pdfinfo {} \; | awk '/^Pages:/ { n += $2 } END { print n + 0 }')
	fi

	{
		echo "### $size forms: $(cat "$dir/spec")"
		echo
		echo "Imported: ${kinds[*]} ($files files). PDFs: $pdfs, $pages pages. $repeat rounds, each running every"
		echo "measurement once in turn: wall seconds are the fastest of the rounds, ratios (vs pdftotext, speed-up)"
		echo "the median of the rounds' own ratios, so that a slow spell of the machine weighs on both sides of each."
		echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
		echo
		echo "| run | jobs | wall s | CPU | forms | forms/s | pages/s | peak RSS MB | failed files | vs pdftotext |"
		echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	} >>"$report"

	runs=()
	[ "$pdfs" -gt 0 ] && runs+=(base1 base2)
	runs+=(all1 all2)
	[[ " ${kinds[*]} " == *" pdf "* ]] && runs+=(pdf1 pdf2)
	# The whole archive again with the process held to one CPU per job
	# (GOMAXPROCS): a 1-job import also runs its writer and collector on the
	# second core, which bounds the speed-up above. On two cores, two jobs
	# held to two CPUs are the 2-job run itself.
	runs+=(cpu1)
	[ "$(nproc)" -gt 2 ] && runs+=(cpu2)
	# best, cpu, forms and failed are those of each run's fastest round;
	# peak the largest RSS of its rounds; ratios lists each round's.
	declare -A best=() cpu=() peak=() forms=() failed=() ratios=()
	for r in $(seq "$repeat"); do
		declare -A w=()
		for run in "${runs[@]}"; do
			jobs=${run: -1}
			case $run in
			base*) w[$run]=$(pdftotext_once "$jobs" "$dir/pdf"); res="${w[$run]} 0 0 0 -" ;;
			all*) res=$(one_import "$out/bench.db" "all-$size-$jobs" "$jobs" "${dirs[@]}") ;;
			pdf*) res=$(one_import "$out/bench.db" "pdf-$size-$jobs" "$jobs" "$dir/pdf") ;;
			cpu*) res=$(GOMAXPROCS=$jobs one_import "$out/bench.db" "cpu-$size-$jobs" "$jobs" "${dirs[@]}") ;;
			esac
			read -r wr rss fo fa cp <<<"$res"
			w[$run]=$wr
			if [ "$(least "${best[$run]:-}" "$wr")" = "$wr" ]; then
				best[$run]=$wr cpu[$run]=$cp forms[$run]=$fo failed[$run]=$fa
			fi
			[ "$rss" -gt "${peak[$run]:-0}" ] && peak[$run]=$rss
			# The most two jobs can gain over one on two cores: a 1-job
			# import keeps one core busy plus whatever the writer and the
			# collector take of the other (its CPU share over 100%), and two
			# jobs must fit all of that into two cores.
			case $run in all1 | pdf1) ratios[cap${run%1}]+=" $(ceiling "$cp")" ;; esac
		done
		ratios[all]+=" $(ratio "${w[all1]}" "${w[all2]}")"
		ratios[cpu]+=" $(ratio "${w[cpu1]}" "${w[cpu2]:-${w[all2]}}")"
		[ -n "${w[base1]:-}" ] && ratios[base]+=" $(ratio "${w[base1]}" "${w[base2]}")"
		if [ -n "${w[pdf1]:-}" ]; then
			ratios[pdf]+=" $(ratio "${w[pdf1]}" "${w[pdf2]}")"
			if [ -n "${w[base1]:-}" ]; then
				ratios[vs1]+=" $(ratio "${w[pdf1]}" "${w[base1]}")"
				ratios[vs2]+=" $(ratio "${w[pdf2]}" "${w[base2]}")"
			fi
		fi
		unset w
	done

	for jobs in 1 2; do
		[ -n "${best[base$jobs]:-}" ] &&
			echo "| pdftotext -layout, one process per PDF | $jobs | ${best[base$jobs]} | | | | $(div "$pages" "${best[base$jobs]}") | | | 1.00 |" >>"$report"
	done
	for jobs in 1 2; do
		echo "| formaudit import, whole archive | $jobs | ${best[all$jobs]} | ${cpu[all$jobs]} | ${forms[all$jobs]} | $(div "${forms[all$jobs]}" "${best[all$jobs]}") | | ${peak[all$jobs]} | ${failed[all$jobs]} | |" >>"$report"
		[ -n "${best[cpu$jobs]:-}" ] &&
			echo "| formaudit import, whole archive, GOMAXPROCS=$jobs | $jobs | ${best[cpu$jobs]} | ${cpu[cpu$jobs]} | ${forms[cpu$jobs]} | $(div "${forms[cpu$jobs]}" "${best[cpu$jobs]}") | | ${peak[cpu$jobs]} | ${failed[cpu$jobs]} | |" >>"$report"
		if [ -n "${best[pdf$jobs]:-}" ]; then
			vs=""
			# shellcheck disable=SC2086 # the ratios are a list of numbers
			[ -n "${ratios[vs$jobs]:-}" ] && vs="$(median ${ratios[vs$jobs]}) ($(spread ${ratios[vs$jobs]}))"
			echo "| formaudit import, PDFs only | $jobs | ${best[pdf$jobs]} | ${cpu[pdf$jobs]} | ${forms[pdf$jobs]} | $(div "${forms[pdf$jobs]}" "${best[pdf$jobs]}") | $(div "$pages" "${best[pdf$jobs]}") | ${peak[pdf$jobs]} | ${failed[pdf$jobs]} | $vs |" >>"$report"
		fi
	done
	# shellcheck disable=SC2086 # the ratios are lists of numbers
	{
		echo
		echo "Speed-up from 1 to 2 jobs, median of the rounds (least–greatest): whole archive $(median ${ratios[all]})× ($(spread ${ratios[all]}))$([ -n "${ratios[pdf]:-}" ] && echo ", PDFs only $(median ${ratios[pdf]})× ($(spread ${ratios[pdf]}))")."
		echo "Most two jobs could gain on two cores, 2 / the CPU share of the 1-job import, median of the rounds: whole archive $(median ${ratios[capall]})× ($(spread ${ratios[capall]}))$([ -n "${ratios[cappdf]:-}" ] && echo ", PDFs only $(median ${ratios[cappdf]})× ($(spread ${ratios[cappdf]}))")."
		echo "From one CPU to two (GOMAXPROCS = jobs; not issue 6's measure, which lets one job's writer use the second core), median of the rounds: whole archive $(median ${ratios[cpu]})× ($(spread ${ratios[cpu]}))."
		echo "Of the fastest runs: whole archive $(ratio "${best[all1]}" "${best[all2]}")×$([ -n "${best[pdf1]:-}" ] && echo ", PDFs only $(ratio "${best[pdf1]}" "${best[pdf2]}")×")."
		# What two cores give processes that share nothing, on this machine now.
		[ -n "${ratios[base]:-}" ] && echo "pdftotext's own speed-up from 1 to 2 processes, median of the rounds: $(median ${ratios[base]})× ($(spread ${ratios[base]}))."
		echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
		echo
	} >>"$report"
	unset best cpu peak forms failed ratios
done

# One file of many forms: what a file costs is held while it is read (its
# text and raw forms), so peak RSS follows the largest file, not the archive.
# one_file_row KIND DIR measures the text file(s) in DIR/text, 1 job.
one_file_row() {
	local kind=$1 dir=$2 label mb best="" cp="" peak=0 wr rss fo c
	label=one-$(basename "$dir")
	mb=$(du -m "$dir/text" | awk '{ print $1 }')
	for _ in $(seq "$repeat"); do
		read -r wr rss fo _ c <<<"$(one_import "$out/bench.db" "$label" 1 "$dir/text")"
		if [ "$(least "$best" "$wr")" = "$wr" ]; then
			best=$wr cp=$c
		fi
		[ "$rss" -gt "$peak" ] && peak=$rss
	done
	echo "| $kind | $fo | $mb | $best | $cp | $(div "$fo" "$best") | $peak |" >>"$report"
}

if [ -n "$one_file" ] && [ $build_only = 0 ]; then
	{
		echo "### The largest file: one text of N forms, 1 job"
		echo
		echo "$repeat rounds: wall seconds the fastest, peak RSS the largest."
		echo
		echo "| text | forms in the file | size MB | wall s | CPU | forms/s | peak RSS MB |"
		echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	} >>"$report"
	for n in $one_file; do
		dir=$out/one-$n
		if [ $fresh = 1 ] || [ ! -d "$dir/text" ]; then
			rm -rf "$dir"
			"$bin/mkarchive" -out "$dir" -spec "text:1x$n" >&2
		fi
		one_file_row "tab-separated dump" "$dir"
	done
	# Space-aligned text is laid out in columns as it is read: the PDFs of
	# the largest archive, dumped by pdftotext -layout each (per-pdf), then
	# one after another in one text.
	last=${sizes##* }
	if [ -d "$out/archive-$last/pdf" ]; then
		dir=$out/aligned-$last
		if [ $fresh = 1 ] || [ ! -s "$dir/text/pdftotext.txt" ] || [ ! -d "$dir/per-pdf" ]; then
			rm -rf "$dir"
			mkdir -p "$dir/text" "$dir/per-pdf"
			for f in "$out/archive-$last/pdf"/*.pdf; do
				pdftotext -layout "$f" "$dir/per-pdf/$(basename "$f" .pdf).txt"
			done
			cat "$dir/per-pdf"/*.txt >"$dir/text/pdftotext.txt"
		fi
		one_file_row "pdftotext -layout of the $last-form archive's PDFs" "$dir"
		# How well such text reads: each PDF's text against the truth of
		# the forms it was printed from, field by field.
		{
			echo
			echo "Read field by field against the truth of the $last-form archive's PDFs, each PDF's pdftotext text:"
			echo
			echo '```'
			"$bin/accuracy" -texts "$dir/per-pdf" -truth "$out/archive-$last/truth/pdf"
			echo '```'
		} >>"$report"
	fi
	echo >>"$report"
fi

cat "$report"
echo "(written to $report; JSON summaries and GNU time output beside it)" >&2
