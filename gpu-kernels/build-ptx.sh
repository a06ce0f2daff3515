#!/usr/bin/env bash
# Compiles src/main/cuda/*.cu to PTX resources under src/main/resources/dev/affinity/gpu/ptx/.
# Next to each <kernel>.ptx it records <kernel>.cu.sha256 (the source it came from), and nvcc.version
# records the compiler; PtxSourceTest fails when a .cu changes without its PTX being rebuilt.
# The Maven build runs this when the CUDA toolkit is installed (profile "nvcc"); run it by hand with
# nvcc on the PATH, or NVCC=/path/to/nvcc. --force recompiles even when the hashes match.
# Target: PTX for sm_90 (H100/H200). PTX from nvcc 13 is ISA 9.0 and needs a CUDA 13 driver (>= 580).
set -euo pipefail
cd "$(dirname "$0")"
NVCC="${NVCC:-$(command -v nvcc || true)}"
[ -n "$NVCC" ] || NVCC=/usr/local/cuda/bin/nvcc
if [ ! -x "$NVCC" ]; then
  echo "build-ptx: nvcc not found; keeping the committed PTX" >&2
  exit 0
fi
ARCH="${PTX_ARCH:-sm_90}"
OUT=src/main/resources/dev/affinity/gpu/ptx
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1
mkdir -p "$OUT"
built=0
for cu in src/main/cuda/*.cu; do
  [ -e "$cu" ] || continue
  name="$(basename "$cu" .cu)"
  sum="$(sha256sum "$cu" | cut -d' ' -f1)"
  if [ "$FORCE" = 0 ] && [ -f "$OUT/$name.ptx" ] && [ "$(cat "$OUT/$name.cu.sha256" 2>/dev/null)" = "$sum" ]; then
    continue
  fi
  echo "build-ptx: $cu -> $OUT/$name.ptx ($ARCH)" >&2
  "$NVCC" -ptx -arch="$ARCH" -std=c++17 -O3 -o "$OUT/$name.ptx.tmp" "$cu"
  mv "$OUT/$name.ptx.tmp" "$OUT/$name.ptx"
  echo "$sum" > "$OUT/$name.cu.sha256"
  built=1
done
if [ "$built" = 1 ] || [ ! -f "$OUT/nvcc.version" ]; then
  "$NVCC" --version | grep -E '^Cuda compilation tools' > "$OUT/nvcc.version"
fi
