#!/usr/bin/env bash
# Packages what the GPU run needs into ops/dist/gpu/ (gitignored), for a machine that has CUDA and
# Python but no Java: a jlink'd JDK 25 runtime (only the modules used), the gpu-kernels jar and test
# jar, their dependencies (JCuda with only the driver-API native library, SLF4J + Logback, the JUnit
# console launcher), run-on-device.sh and torch_reference.py. The result must stay under 64 MiB.
# Usage: ops/gpu/package.sh [--skip-build]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
source "$ROOT/ops/lib/common.sh"
select_jdk
ensure_maven
DIST="$ROOT/ops/dist/gpu"
REPO="${MAVEN_REPO:-${HOME:-/root}/.m2/repository}"
MODULES="java.base,java.logging,java.management,java.naming,java.sql,java.xml,jdk.unsupported,jdk.zipfs,jdk.incubator.vector"
JCUDA=12.6.0
JUNIT_CONSOLE=1.12.2
LIMIT=$((64 * 1024 * 1024))

if [ "${1:-}" != "--skip-build" ]; then
  say "building gpu-kernels (tests skipped here; they run on the device)"
  (cd "$ROOT" && mvn -B -q -ntp -Dmaven.repo.local="$REPO" -pl gpu-kernels install -DskipTests)
fi
MODULE_DIR="$ROOT/gpu-kernels"
[ -d "$MODULE_DIR/target/test-classes" ] || (cd "$ROOT" && mvn -B -q -ntp -Dmaven.repo.local="$REPO" -pl gpu-kernels test-compile)

rm -rf "$DIST"
mkdir -p "$DIST/lib"
say "jlink: $MODULES"
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-9 --output "$DIST/jre"

say "jars"
"$JAVA_HOME/bin/jar" --create --file "$DIST/lib/affinity-gpu-kernels.jar" -C "$MODULE_DIR/target/classes" .
"$JAVA_HOME/bin/jar" --create --file "$DIST/lib/affinity-gpu-kernels-tests.jar" -C "$MODULE_DIR/target/test-classes" .
# smile-base (provided scope) only serves CpuKernelsBenchmark's OpenBLAS baseline, which is not run on the device
(cd "$ROOT" && mvn -B -q -ntp -Dmaven.repo.local="$REPO" -pl gpu-kernels dependency:copy-dependencies \
  -DincludeScope=test -DexcludeArtifactIds=smile-base,jcuda-natives,junit-jupiter,junit-jupiter-api,junit-jupiter-engine,junit-jupiter-params,junit-platform-commons,junit-platform-engine,opentest4j,apiguardian-api \
  -DoutputDirectory="$DIST/lib")
(cd "$ROOT" && mvn -B -q -ntp -Dmaven.repo.local="$REPO" dependency:copy \
  -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_CONSOLE" -DoutputDirectory="$DIST/lib" \
  -Dmdep.stripVersion=true)

# JCuda's natives jar carries four libraries (26 MB); the driver API needs only libJCudaDriver.
NATIVES="$REPO/org/jcuda/jcuda-natives/$JCUDA/jcuda-natives-$JCUDA-linux-x86_64.jar"
[ -f "$NATIVES" ] || (cd "$ROOT" && mvn -B -q -ntp -Dmaven.repo.local="$REPO" dependency:get \
  -Dartifact="org.jcuda:jcuda-natives:$JCUDA:jar:linux-x86_64")
SLIM="$(mktemp -d)"
(cd "$SLIM" && "$JAVA_HOME/bin/jar" --extract --file "$NATIVES" "lib/libJCudaDriver-$JCUDA-linux-x86_64.so" META-INF/MANIFEST.MF)
"$JAVA_HOME/bin/jar" --create --file "$DIST/lib/jcuda-natives-$JCUDA-linux-x86_64-driver-only.jar" -C "$SLIM" lib
rm -rf "$SLIM"

cp "$ROOT/ops/gpu/run-on-device.sh" "$ROOT/ops/gpu/torch_reference.py" "$DIST/"
chmod +x "$DIST/run-on-device.sh"
cp "$ROOT/gpu-kernels/src/test/resources/logback-test.xml" "$DIST/logback.xml"

SIZE=$(du -sb "$DIST" | cut -f1)
say "ops/dist/gpu: $((SIZE / 1024 / 1024)) MiB ($SIZE bytes)"
ls -l "$DIST/lib" >&2
if [ "$SIZE" -ge "$LIMIT" ]; then
  die "the package is $SIZE bytes, over the 64 MiB limit"
fi
