#!/usr/bin/env bash
# bench/wide-data.sh COLUMNS OUT: writes data/hsb1.csv with COLUMNS noise columns X1 ... XCOLUMNS appended to
# OUT (the wide-model benchmark's level-1 file). The noise is uniform on (-1, 1) from the Park-Miller
# generator written out in awk (awk's own rand() differs between awk implementations), seed 1, so every
# machine writes the same file.
set -euo pipefail
columns=$1 out=$2
awk -F, -v OFS=, -v p="$columns" '
  BEGIN { x = 1 }
  function uniform() { x = (16807 * x) % 2147483647; return 2 * x / 2147483647 - 1 }
  NR == 1 { line = $0; for (c = 1; c <= p; c++) line = line OFS "X" c; print line; next }
  { line = $0; for (c = 1; c <= p; c++) line = line OFS sprintf("%.6f", uniform()); print line }
' "$(dirname "$0")/../data/hsb1.csv" > "$out"
