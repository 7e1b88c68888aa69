#!/usr/bin/env bash
# Side-by-side benchmark of hlm against nlme, glmmTMB and lme4, measured in one run on one machine.
#   bench/run.sh            all cases (about 30 minutes on 2 cores: the R fits dominate)
#   QUICK=1 bench/run.sh    HS&B, the wide models and 100k rows only
#   ONLY=wide bench/run.sh  the wide models only (HS&B with 100 to 1,000 noise predictors; about 10 seconds)
#   ONLY=hglm bench/run.sh  the HGLM cases only (Contraception; 1M Bernoulli rows), into RESULTS.md's HGLM section
#   ONLY=continuous bench/run.sh  the continuous variance predictor cases only (null, homogeneous and
#                           heterogeneous models on `hlm simulate` files of 100,000 to 10,000,000 rows), into
#                           RESULTS.md's continuous section
#   R_MAX_ROWS=N bench/run.sh   R fits of the continuous cases only up to N rows (default 1000000; the 1M-row
#                           glmmTMB and lme4 fits take over 10 minutes together)
#   ONLY=hlm3 bench/run.sh  the three-level cases only (egsingle; 300,000 and 1M simulated rows in 30,000 and
#                           100,000 level-2 and 300 and 1,000 level-3 units) against lmer, into RESULTS.md's
#                           three-level section
#   ONLY=hlm bench/run.sh   every hlm case, no R fits (about 5 minutes; the table goes to .build-bench/)
#   ONLY=small bench/run.sh the small whole-process cases: HS&B heterogeneous against nlme, Contraception by
#                           Laplace against glmer (about a minute; the table goes to .build-bench/)
#   BASELINE=PATH bench/run.sh  also times the hlm binary at PATH (an earlier build, tool "baseline") in the
#                           same runs, interleaved with this build's: a before/after comparison; the ratio
#                           column is then baseline / this build
# hlm is timed as a whole process (start, read, fit, report, JSON, exit), wall clock as the shell sees it (so
# the shell's fork and exec, about 0.7 ms here, are included); R fit calls are timed inside R (start-up and
# reading excluded). Peak memory is each process's maximum resident set size (/usr/bin/time). Writes
# bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/.build-bench
mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
: > "$RESULTS"

need=()
command -v Rscript >/dev/null || need+=(r-base-core)
for pkg in nlme lme4 glmmtmb; do
  dpkg -s "r-cran-$pkg" >/dev/null 2>&1 || need+=("r-cran-$pkg")
done
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

# A fully static release build, as one would ship the tool: the Swift runtime and glibc are linked in, so
# glibc's dynamic loader has nothing to do at start-up (0.9 ms less than --static-swift-stdlib alone). The
# linker warns that getpwuid_r, getgrnam_r, dlopen and the like need glibc's shared libraries at run time in
# a static binary: expected and harmless, hlm never calls them. This is the default build, without ReadStat (SPSS,
# Stata and SAS files; HLM_READSTAT=1), which exists only as a shared library. The log is shown only if the build
# fails.
swift build -c release --static-swift-stdlib -Xswiftc -static-executable --scratch-path "$ROOT/.build-static" \
  --product hlm >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
HLM=$ROOT/.build-static/release/hlm
HSB1=$ROOT/data/hsb1.csv
HSB2=$ROOT/data/hsb2.csv

# The builds hlm_case times: this one ("hlm") and, with BASELINE=/path/to/an/earlier/hlm, that one too
# ("baseline"), their timed runs interleaved so that both see the same machine (a before/after comparison).
TOOLS=(hlm)
declare -A BINARY=([hlm]=$HLM)
if [ -n "${BASELINE:-}" ]; then TOOLS+=(baseline); BINARY[baseline]=$BASELINE; fi

# hlm_case CASE REPEATS LEVEL1 LEVEL2 ARGS...: median wall time over REPEATS runs, peak RSS, deviance.
# Peak memory comes from one more run under /usr/bin/time, not timed: the wrapper (a second process to start)
# would add about a millisecond to every timed run. Each timed run writes new output files, as a first run
# does (ext4 flushes a file that a rename replaces, which would add half a millisecond of disk wait).
# LEVEL2 may be - (one file); the ID column is $ID_COLUMN (default ID); $LEVEL3, when set, is a level-3 file.
hlm_case() {
  local case=$1 repeats=$2 l1=$3 l2=$4; shift 4
  local tool json files=("$l1")
  [ "$l2" = - ] || files+=("$l2")
  [ -z "${LEVEL3:-}" ] || files+=("$LEVEL3")
  set -- "${files[@]}" --id "${ID_COLUMN:-ID}" "$@"
  local -A peak times
  for tool in "${TOOLS[@]}"; do
    /usr/bin/time -f "%M" -o "$WORK/time.txt" "${BINARY[$tool]}" fit "$@" \
      --json "$WORK/$case-$tool.json" --output "$WORK/$case-$tool.txt"
    peak[$tool]=$(tail -1 "$WORK/time.txt")
  done
  for _ in $(seq "$repeats"); do
    for tool in "${TOOLS[@]}"; do
      rm -f "$WORK/$case-$tool.json" "$WORK/$case-$tool.txt"
      local start=$EPOCHREALTIME
      "${BINARY[$tool]}" fit "$@" --json "$WORK/$case-$tool.json" --output "$WORK/$case-$tool.txt"
      local end=$EPOCHREALTIME
      times[$tool]+="$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.4f", b - a}') "
    done
  done
  for tool in "${TOOLS[@]}"; do
    local median deviance homogeneous
    json=$WORK/$case-$tool.json
    median=$(printf '%s\n' ${times[$tool]} | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    deviance=$(grep -m1 '"deviance"' "$json" | tr -dc '0-9.')
    homogeneous=$( (grep -A1 '"homogeneous": {' "$json" || true) | (grep '"deviance"' || true) | tr -dc '0-9.')
    printf '%s\t%s\t%s\t%s\t%s\tok\t%s\n' "$case" "$tool" "$median" "${peak[$tool]}" "$deviance" \
      "${homogeneous:-NA}" >> "$RESULTS"
  done
}

# r_case CASE TOOL REPEATS LEVEL1 LEVEL2: the R fit, killed after 10 minutes (bench/fit.R, or the script
# $R_SCRIPT, bench/glmm-fit.R for the HGLM cases).
r_case() {
  local case=$1 tool=$2 repeats=$3 l1=$4 l2=$5 line
  [ "${ONLY:-}" != hlm ] || return 0
  if line=$(/usr/bin/time -f "%M" -o "$WORK/rtime.txt" timeout 600 \
            Rscript "${R_SCRIPT:-$ROOT/bench/fit.R}" "$case" "$tool" "$l1" "$l2" "$repeats" 2>/dev/null); then
    printf '%s\n' "$line" | awk -F'\t' -v kb="$(tail -1 "$WORK/rtime.txt")" \
      'BEGIN {OFS="\t"} {print $1, $2, $3, kb, $4, $5, "NA"}' >> "$RESULTS"
  else
    printf '%s\t%s\tNA\tNA\tNA\tdid not finish within 10 minutes\tNA\n' "$case" "$tool" >> "$RESULTS"
  fi
}

SIM_MODEL=(--model "Y = INTRCPT1 + X + G" --model "INTRCPT1 = INTRCPT2 + W + random"
           --model "X = INTRCPT2 + random" --sigma2 G,X)
HSB_MODEL=(--model "MATHACH = INTRCPT1 + FEMALE" --model "INTRCPT1 = INTRCPT2 + random"
           --model "FEMALE = INTRCPT2 + random")

# Wide models: HS&B's level-1 file with P noise columns X1 ... XP (bench/wide-data.sh, fixed seed) as fixed
# level-1 predictors, MATHACH = INTRCPT1 + SES + X1 + ... + XP with a random intercept, REML and full ML;
# and with 400 columns a random SES slope as well. hlm only: the point is how the cost grows with p.
wide_case() {
  local p=$1 method=$2 slope=${3:-} terms
  [ -f "$WORK/wide-$p.csv" ] || bench/wide-data.sh "$p" "$WORK/wide-$p.csv"
  terms=$(seq -s ' + X' 1 "$p")
  local models=(--model "MATHACH = INTRCPT1 + SES + X$terms" --model "INTRCPT1 = INTRCPT2 + random")
  [ -z "$slope" ] || models+=(--model "SES = INTRCPT2 + random")
  hlm_case "wide-$p-$method${slope:+-slope}" 3 "$WORK/wide-$p.csv" "$HSB2" "${models[@]}" --method "$method"
}
# HGLM: Contraception (1,934 women in 60 districts) by Laplace, AGQ and PQL against glmer and glmmPQL, and a
# simulated Bernoulli outcome (1M rows in 10,000 units, random intercept and slope) by Laplace against glmer
# and glmmTMB. ONLY=hglm runs these alone and puts their table into bench/RESULTS.md's HGLM section.
hglm_cases() {
  local contraception=$ROOT/data/contraception.csv
  local model=(--family bernoulli --model "USE = INTRCPT1 + URBAN + AGE + LIV" --model "INTRCPT1 = INTRCPT2 + random")
  echo "HGLM: Contraception (1,934 rows, 60 districts)"
  ID_COLUMN=DISTRICT hlm_case contraception-laplace 11 "$contraception" - "${model[@]}" --estimation laplace
  ID_COLUMN=DISTRICT hlm_case contraception-agq25 11 "$contraception" - "${model[@]}" --estimation agq \
    --quadrature-points 25
  ID_COLUMN=DISTRICT hlm_case contraception-pql 11 "$contraception" - "${model[@]}"
  R_SCRIPT=$ROOT/bench/glmm-fit.R r_case contraception-laplace glmer 5 "$contraception" -
  R_SCRIPT=$ROOT/bench/glmm-fit.R r_case contraception-agq25 glmer 5 "$contraception" -
  R_SCRIPT=$ROOT/bench/glmm-fit.R r_case contraception-pql glmmPQL 5 "$contraception" -
  echo "HGLM: simulated Bernoulli, 1,000,000 rows in 10,000 units"
  "$HLM" simulate --family bernoulli --groups 10000 --mean-size 100 --seed 1 --output "$WORK/bernoulli" >/dev/null
  hlm_case bernoulli-1000000 3 "$WORK/bernoulli-level1.csv" "$WORK/bernoulli-level2.csv" --family bernoulli \
    --model "Y = INTRCPT1 + X + G" --model "INTRCPT1 = INTRCPT2 + W + random" --model "X = INTRCPT2 + random" \
    --estimation laplace
  for tool in glmer glmmTMB; do
    R_SCRIPT=$ROOT/bench/glmm-fit.R r_case bernoulli-1000000 "$tool" 1 "$WORK/bernoulli-level1.csv" \
      "$WORK/bernoulli-level2.csv"
  done
}
if [ "${ONLY:-}" = small ]; then
  hlm_case hsb-heterogeneous 21 "$HSB1" "$HSB2" "${HSB_MODEL[@]}" --sigma2 FEMALE
  r_case hsb-heterogeneous nlme 5 "$HSB1" "$HSB2"
  ID_COLUMN=DISTRICT hlm_case contraception-laplace 21 "$ROOT/data/contraception.csv" - --family bernoulli \
    --model "USE = INTRCPT1 + URBAN + AGE + LIV" --model "INTRCPT1 = INTRCPT2 + random" --estimation laplace
  R_SCRIPT=$ROOT/bench/glmm-fit.R r_case contraception-laplace glmer 5 "$ROOT/data/contraception.csv" -
  Rscript "$ROOT/bench/report.R" "$RESULTS" "$WORK/RESULTS-small.md"
  cat "$WORK/RESULTS-small.md"
  exit 0
fi
# Three-level models: egsingle (7,230 rows, 1,721 children, 60 schools; a random intercept and YEAR slope at
# levels 2 and 3), REML, against lmer; and 300,000 and 1M simulated rows (hlm3_simulated), full ML, against lmer
# (bench/hlm3-fit.R). ONLY=hlm3 runs these alone and puts their table into bench/RESULTS.md's three-level section.
hlm3_cases() {
  echo "three levels: egsingle (7,230 rows, 1,721 children, 60 schools)"
  ID_COLUMN=CHILDID LEVEL3=$ROOT/data/eg3.csv hlm_case hlm3-egsingle 11 "$ROOT/data/eg1.csv" "$ROOT/data/eg2.csv" \
    --id3 SCHOOLID --method reml --model "MATH = INTRCPT1 + YEAR" --model "YEAR = INTRCPT2 + random" \
    --model "YEAR/INTRCPT2 = INTRCPT3 + random"
  R_SCRIPT=$ROOT/bench/hlm3-fit.R r_case hlm3-egsingle lme4 5 "$ROOT/data/eg1.csv" "$ROOT/data/eg2.csv"
  hlm3_simulated 300000 30000 300 lmer
  hlm3_simulated 1000000 100000 1000 lmer
}

# hlm3_simulated ROWS LEVEL2 LEVEL3 [lmer]: `hlm simulate --level3-units` data (ROWS rows in LEVEL2 level-2 and
# LEVEL3 level-3 units, a random intercept and X slope at each level, homogeneous sigma^2), full ML, by hlm (3
# runs) and, with "lmer", by lmer (1 run). Two sizes give the peak memory's growth with N.
hlm3_simulated() {
  local rows=$1 level2=$2 level3=$3 sim=$WORK/hlm3-sim-$1
  echo "three levels: simulated, $rows rows in $level2 level-2 and $level3 level-3 units"
  "$HLM" simulate --groups "$level2" --mean-size $((rows / level2)) --level3-units "$level3" --alpha 1,0,0 --seed 1 \
    --output "$sim" >/dev/null
  LEVEL3=$sim-level3.csv hlm_case "hlm3-sim-$rows" 3 "$sim-level1.csv" "$sim-level2.csv" --id3 ID3 --method fml \
    --model "Y = INTRCPT1 + X + G" --model "INTRCPT1 = INTRCPT2 + W + random" --model "X = INTRCPT2 + random" \
    --model "INTRCPT1/INTRCPT2 = INTRCPT3 + S + random" --model "X/INTRCPT2 = INTRCPT3 + random"
  [ "${4:-}" != lmer ] || LEVEL3=$sim-level3.csv R_SCRIPT=$ROOT/bench/hlm3-fit.R r_case "hlm3-sim-$rows" lme4 1 \
    "$sim-level1.csv" "$sim-level2.csv"
}

# Continuous variance predictor: files shaped like users' files (ID, X, G, Y with 6 decimals; W in the level-2
# file), written by `hlm simulate` (N / 100 units, seed 1: 268 MB at 10,000,000 rows), and the model
# Y = INTRCPT1 + X with W on both coefficients and sigma^2 modelled by G and the continuous X, full ML; with the
# null model Y = INTRCPT1, whose time is reading, parsing and joining, and the homogeneous model. R fits where R
# finishes: lme4 on the null and homogeneous models, nlme and glmmTMB on the heterogeneous one, up to 1,000,000
# rows (nlme at 100,000 only); at 10,000,000 rows hlm alone, as for the simulated cases above.
CONTINUOUS_MODEL=(--model "Y = INTRCPT1 + X" --model "INTRCPT1 = INTRCPT2 + W + random"
                  --model "X = INTRCPT2 + W + random" --method fml)
continuous_cases() {
  local rows groups case files tool sizes=("100000 1000" "1000000 10000" "10000000 100000")
  for size in "${sizes[@]}"; do
    read -r rows groups <<< "$size"
    files=("$WORK/sim-$rows-level1.csv" "$WORK/sim-$rows-level2.csv")
    [ -f "${files[0]}" ] && [ -f "${files[1]}" ] ||
      "$HLM" simulate --groups "$groups" --mean-size $((rows / groups)) --seed 1 --output "$WORK/sim-$rows" >/dev/null
    echo "continuous variance predictor: $rows rows, $groups groups"
    hlm_case "cont-null-$rows" 3 "${files[@]}" --model "Y = INTRCPT1" --method fml
    hlm_case "cont-homogeneous-$rows" 3 "${files[@]}" "${CONTINUOUS_MODEL[@]}"
    hlm_case "cont-heterogeneous-$rows" 3 "${files[@]}" "${CONTINUOUS_MODEL[@]}" --sigma2 G,X
    [ "$rows" -le "${R_MAX_ROWS:-1000000}" ] || continue
    r_case "cont-null-$rows" lme4 1 "${files[@]}"
    r_case "cont-homogeneous-$rows" lme4 1 "${files[@]}"
    r_case "cont-heterogeneous-$rows" glmmTMB 1 "${files[@]}"
    [ "$rows" -gt 100000 ] || r_case "cont-heterogeneous-$rows" nlme 1 "${files[@]}"
  done
}
# section NAME TITLE: the report of $RESULTS replaces the section between <!-- NAME --> and <!-- /NAME --> in
# bench/RESULTS.md (appended under "## TITLE" when missing), and is shown.
section() {
  local name=$1 title=$2 table=$WORK/RESULTS-$1.md
  Rscript "$ROOT/bench/report.R" "$RESULTS" "$table"
  awk -v table="$table" -v opening="<!-- $name -->" -v closing="<!-- /$name -->" '
    $0 == opening { print; while ((getline line < table) > 0) if (line !~ /^# /) print line; skip = 1; next }
    $0 == closing { skip = 0 }
    !skip { print }' "$ROOT/bench/RESULTS.md" > "$WORK/RESULTS.md"
  grep -q "<!-- $name -->" "$WORK/RESULTS.md" || {
    printf '\n## %s\n\n<!-- %s -->\n' "$title" "$name" >> "$WORK/RESULTS.md"
    grep -v '^# ' "$table" >> "$WORK/RESULTS.md"
    printf '<!-- /%s -->\n' "$name" >> "$WORK/RESULTS.md"
  }
  cp "$WORK/RESULTS.md" "$ROOT/bench/RESULTS.md"
  cat "$table"
}
if [ "${ONLY:-}" = hglm ]; then
  hglm_cases
  section hglm "HGLM (bench/run.sh with ONLY=hglm)"
  exit 0
fi
if [ "${ONLY:-}" = hlm3 ]; then
  hlm3_cases
  section hlm3 "Three-level models (bench/run.sh with ONLY=hlm3)"
  exit 0
fi
if [ "${ONLY:-}" = continuous ]; then
  continuous_cases
  section continuous "Continuous variance predictor (bench/run.sh with ONLY=continuous)"
  exit 0
fi

echo "wide models: HS&B with 100 to 1,000 noise predictors"
for p in 100 200 400 1000; do wide_case "$p" reml; done
wide_case 400 fml
wide_case 1000 fml
wide_case 400 reml slope
if [ "${ONLY:-}" = wide ]; then
  Rscript "$ROOT/bench/report.R" "$RESULTS" "$WORK/RESULTS-wide.md"
  cat "$WORK/RESULTS-wide.md"
  exit 0
fi

echo "HS&B (7,185 rows, 160 groups)"
hlm_case hsb-homogeneous 21 "$HSB1" "$HSB2" "${HSB_MODEL[@]}" --method fml
hlm_case hsb-heterogeneous 21 "$HSB1" "$HSB2" "${HSB_MODEL[@]}" --sigma2 FEMALE
r_case hsb-homogeneous lme4 5 "$HSB1" "$HSB2"
r_case hsb-heterogeneous nlme 5 "$HSB1" "$HSB2"
r_case hsb-heterogeneous glmmTMB 3 "$HSB1" "$HSB2"

sizes=("100000 1000")
[ "${QUICK:-0}" = 1 ] || sizes+=("1000000 10000" "10000000 100000")
for size in "${sizes[@]}"; do
  read -r rows groups <<< "$size"
  case=sim-$rows
  echo "simulated: $rows rows, $groups groups"
  "$HLM" simulate --groups "$groups" --mean-size $((rows / groups)) --seed 1 --output "$WORK/$case" >/dev/null
  hlm_case "$case" 3 "$WORK/$case-level1.csv" "$WORK/$case-level2.csv" "${SIM_MODEL[@]}"
  if [ "$rows" -le 1000000 ]; then
    for tool in lme4 glmmTMB nlme; do r_case "$case" "$tool" 1 "$WORK/$case-level1.csv" "$WORK/$case-level2.csv"; done
  fi
done

[ "${QUICK:-0}" = 1 ] || continuous_cases

[ "${QUICK:-0}" = 1 ] || hglm_cases
[ "${QUICK:-0}" = 1 ] || hlm3_cases

# Without the R fits the table is not the full comparison: it goes to the work folder, not RESULTS.md.
report=$ROOT/bench/RESULTS.md
[ "${ONLY:-}" != hlm ] || report=$WORK/RESULTS-hlm.md
Rscript "$ROOT/bench/report.R" "$RESULTS" "$report"
cat "$report"
