#!/usr/bin/env bash
# Fuzzes HLMKit's parsers with libFuzzer + AddressSanitizer.
#
#   fuzz/run.sh [RUNS] [TARGET...]     RUNS defaults to 1000000; TARGETS to all three:
#                                      CSVReader, EquationParser, CommandFileParser
#   FUZZ_MAX_TIME=600 fuzz/run.sh ...  also stop each target after this many seconds
#
# Each target is compiled outside SwiftPM: all HLMKit sources (the example data is in HLMExamples, not here), the
# CNumberFormat C shim, fuzz/Targets/Support.swift and fuzz/Targets/TARGET.swift, with
# `swiftc -sanitize=fuzzer,address`, linked with the HLMPlatform module (built once, as a static library). The
# committed seeds are in fuzz/corpus/TARGET; inputs the fuzzer finds go to .build/fuzz/corpus/TARGET,
# crashes to .build/fuzz/crashes/. Exit status 1 if any target crashed, hung or leaked. Every crash found
# must become a regression test (Tests/HLMKitTests/Reliability).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1000000}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(CSVReader EquationParser CommandFileParser)
work=.build/fuzz
mkdir -p "$work/crashes"
mapfile -t sources < <(find Sources/HLMKit -name '*.swift' | sort)
mapfile -t platform < <(find Sources/HLMPlatform -name '*.swift' | sort)
swiftc -sanitize=address -parse-as-library -package-name hlm -module-name HLMPlatform -O -g -emit-module \
    -emit-module-path "$work/HLMPlatform.swiftmodule" -emit-library -static -o "$work/libHLMPlatform.a" "${platform[@]}"
status=0
for target in "${targets[@]}"; do
    binary="$work/$target"
    echo "== $target: building"
    clang -O -g -c Sources/CNumberFormat/CNumberFormat.c -I Sources/CNumberFormat/include -o "$work/CNumberFormat.o"
    swiftc -sanitize=fuzzer,address -parse-as-library -package-name hlm -module-name HLMKit -O -g -I Sources/CNumberFormat/include \
        -I "$work" -L "$work" -lHLMPlatform "${sources[@]}" "$work/CNumberFormat.o" fuzz/Targets/Support.swift \
        "fuzz/Targets/$target.swift" -o "$binary" 2>&1 \
        | { grep -v -e "ld.gold: warning: Cannot export local symbol" || true; }
    mkdir -p "$work/corpus/$target"
    echo "== $target: $runs runs"
    if "$binary" -runs="$runs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        ${FUZZ_MAX_TIME:+-max_total_time="$FUZZ_MAX_TIME"} -print_final_stats=1 \
        -artifact_prefix="$work/crashes/$target-" "$work/corpus/$target" "fuzz/corpus/$target" \
        > "$work/$target.log" 2>&1; then
        echo "== $target: no crash; $(grep -E '^Done|stat::number_of_executed_units' "$work/$target.log" | tr '\n' ' ')"
    else
        status=1
        echo "== $target: FAILED (see $work/$target.log and $work/crashes/)"
        tail -30 "$work/$target.log"
    fi
done
exit $status
