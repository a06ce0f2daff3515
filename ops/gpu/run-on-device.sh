#!/usr/bin/env bash
# Runs on the GPU machine from the folder ops/gpu/package.sh builds (ops/dist/gpu/): needs CUDA's
# driver (r580+/CUDA 13 for the PTX) and, for the PyTorch comparison, python3 with torch — no Java.
# Writes under $OUT (or ./results): nvidia-smi.txt, tests.log, junit/TEST-junit-jupiter.xml,
# java-bench.json, bench.log, torch.json, gpu-report.md.
# Usage: run-on-device.sh [--all-tests] [--quick] [--skip-tests] [--skip-bench] [--skip-torch]
#   --all-tests  run every test, not only those tagged gpu (CPU twins, PTX checks)
#   --quick      smaller benchmark shapes (a smoke run)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${OUT:-$HERE/results}"
mkdir -p "$OUT"
JAVA="$HERE/jre/bin/java"
CP="$HERE/lib/*"
HEAP="${HEAP:-24g}"
FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx"$HEAP" -Dlogback.configurationFile="$HERE/logback.xml")
ALL=0 QUICK=0 TESTS=1 BENCH=1 TORCH=1
for a in "$@"; do
  case "$a" in
    --all-tests) ALL=1 ;;
    --quick) QUICK=1 ;;
    --skip-tests) TESTS=0 ;;
    --skip-bench) BENCH=0 ;;
    --skip-torch) TORCH=0 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done
status=0
{ nvidia-smi || echo "nvidia-smi not available"; } > "$OUT/nvidia-smi.txt" 2>&1
"$JAVA" -version > "$OUT/nvidia-smi.txt.java" 2>&1 && cat "$OUT/nvidia-smi.txt.java" >> "$OUT/nvidia-smi.txt"; rm -f "$OUT/nvidia-smi.txt.java"

if [ "$TESTS" = 1 ]; then
  TAGS=(--include-tag gpu)
  [ "$ALL" = 1 ] && TAGS=()
  # On the device a missing GPU is a failure, not a skip; the self-test is skipped so the tests
  # themselves show any disagreement in detail.
  AFFINITY_GPU_TESTS="${AFFINITY_GPU_TESTS:-require}" "$JAVA" "${FLAGS[@]}" -Daffinity.gpu.skipSelfTest=true \
    -jar "$HERE/lib/junit-platform-console-standalone.jar" execute \
    --class-path "$(ls "$HERE"/lib/*.jar | grep -v junit-platform-console | tr '\n' ':')" \
    --scan-class-path "$HERE/lib/affinity-gpu-kernels-tests.jar" "${TAGS[@]}" \
    --exclude-engine junit-vintage --exclude-engine junit-platform-suite \
    --reports-dir "$OUT/junit" --details tree --disable-banner > "$OUT/tests.log" 2>&1
  rc=$?
  tail -n 25 "$OUT/tests.log"
  [ $rc -ne 0 ] && { echo "tests failed (exit $rc), see tests.log"; status=1; }
fi

if [ "$BENCH" = 1 ]; then
  SHAPE=()
  [ "$QUICK" = 1 ] && SHAPE=(--b 512 --n 100000 --users 512 --items 5000 --hidden 500 --steps 5)
  "$JAVA" "${FLAGS[@]}" -cp "$CP" dev.affinity.gpu.bench.GpuBenchmark --path gpu --reps 10 "${SHAPE[@]}" \
    --out "$OUT/java-bench.json" > /dev/null 2> "$OUT/bench.log"
  rc=$?
  if [ $rc -ne 0 ]; then echo "GPU benchmark failed (exit $rc)"; status=1; fi
  CPU_SHAPE=(--b 1024 --n 200000 --users 1024 --items 10000 --hidden 1000 --steps 2)
  [ "$QUICK" = 1 ] && CPU_SHAPE=(--b 256 --n 50000 --users 128 --items 5000 --hidden 500 --steps 2)
  "$JAVA" "${FLAGS[@]}" -cp "$CP" dev.affinity.gpu.bench.GpuBenchmark --path cpu --reps 2 "${CPU_SHAPE[@]}" \
    --out "$OUT/cpu-bench.json" > /dev/null 2>> "$OUT/bench.log"
  [ $? -ne 0 ] && { echo "CPU benchmark failed"; status=1; }
  cat "$OUT/bench.log"
fi

if [ "$TORCH" = 1 ]; then
  if python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
    PYTHONUNBUFFERED=1 python3 "$HERE/torch_reference.py" --java "$OUT/java-bench.json" --out "$OUT/torch.json" \
      --report "$OUT/gpu-report.md" || { echo "torch reference failed"; status=1; }
  else
    echo "python3 with CUDA-enabled torch not found; skipping the PyTorch comparison"
  fi
fi
exit $status
