# Shared by ops/run, ops/test and ops/affinity: selects a JDK 25, checks native prerequisites,
# and runs Java under a user namespace when started as root (PostgreSQL refuses to run as root;
# `unshare -U` makes the process look unprivileged while files stay owned by the caller).
# shellcheck shell=bash

AFFINITY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

die() { echo "affinity: $*" >&2; exit 1; }
say() { echo "affinity: $*" >&2; }

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'; }

# Picks JAVA_HOME if it is a JDK 25, else the first JDK 25 found in the usual places.
select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" = "25" ]; then
    export JAVA_HOME; return 0
  fi
  local candidate
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/jdk-25* /opt/java/jdk-25* /opt/jdk-25*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" = "25" ]; then
      export JAVA_HOME="$candidate"; export PATH="$JAVA_HOME/bin:$PATH"; return 0
    fi
  done
  die "no JDK 25 found. Install one (for example Debian/Ubuntu: 'apt-get install temurin-25-jdk' from the Adoptium repository, or unpack a JDK 25 and set JAVA_HOME to it), then run this again."
}

# Debian packages the project needs at run or test time. Installs them when running as root,
# otherwise stops and names them.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed"
  else
    die "missing packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}"
  fi
}

ensure_maven() {
  command -v mvn >/dev/null && return 0
  ensure_packages maven
}

# Runs a command so that PostgreSQL will start even when we are root.
unprivileged() {
  if [ "$(id -u)" = "0" ]; then
    command -v unshare >/dev/null || die "running as root needs 'unshare' (package util-linux) so PostgreSQL can start"
    unshare -U "$@"
  else
    "$@"
  fi
}

# Maven's repository, pinned so it is the same inside the user namespace (where HOME lookups differ).
MAVEN_REPO="${MAVEN_REPO:-${HOME:-/root}/.m2/repository}"
mvn_cmd() { mvn -B -ntp -Dmaven.repo.local="$MAVEN_REPO" "$@"; }

# jdk.incubator.vector: the CPU twins of the GPU kernels (DiffRec's sampler, similarity top-k) use the Vector
# API when it is there and fall back to plain loops, several times slower, when it is not.
JVM_FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  --add-modules java.se,jdk.incubator.vector --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)

# Like `unprivileged`, but replaces the shell (exec), so signals (Ctrl-C, SIGTERM) reach Java directly
# and its shutdown hook stops the node cleanly. Inside a user namespace (id -u is not 0) it just execs.
exec_unprivileged() {
  if [ "$(id -u)" = "0" ]; then
    command -v unshare >/dev/null || die "running as root needs 'unshare' (package util-linux) so PostgreSQL can start"
    exec unshare -U "$@"
  fi
  exec "$@"
}

# Prints the backend's runtime classpath, building it first when needed: when the jar is missing or
# any source or pom is newer. AFFINITY_CLASSPATH overrides all of it (tests pass their own);
# AFFINITY_SKIP_BUILD=1 uses whatever jar is there.
backend_classpath() {
  if [ -n "${AFFINITY_CLASSPATH:-}" ]; then
    echo "$AFFINITY_CLASSPATH"; return 0
  fi
  local target="$AFFINITY_ROOT/backend/target" jar=""
  local candidate
  for candidate in "$target"/affinity-backend-*.jar; do
    case "$candidate" in *-sources.jar|*-tests.jar|*-javadoc.jar) continue ;; esac
    [ -f "$candidate" ] && jar="$candidate" && break
  done
  if [ "${AFFINITY_SKIP_BUILD:-0}" != "1" ]; then
    local stale=""
    if [ -z "$jar" ] || [ ! -d "$target/lib" ]; then
      stale="no build found"
    else
      local changed
      changed="$(find "$AFFINITY_ROOT/pom.xml" "$AFFINITY_ROOT"/{backend,tenants,web,gpu-kernels}/pom.xml \
        "$AFFINITY_ROOT"/{backend,tenants,web,gpu-kernels}/src -newer "$jar" -type f -print -quit 2>/dev/null || true)"
      [ -n "$changed" ] && stale="$changed changed since the last build"
    fi
    if [ -n "$stale" ]; then
      ensure_maven
      say "building ($stale): mvn -q -DskipTests install"
      (cd "$AFFINITY_ROOT" && JAVA_HOME="$JAVA_HOME" PATH="$JAVA_HOME/bin:$PATH" mvn_cmd -q -DskipTests install) >&2 \
        || die "the build failed; see the Maven output above"
      jar=""
      for candidate in "$target"/affinity-backend-*.jar; do
        case "$candidate" in *-sources.jar|*-tests.jar|*-javadoc.jar) continue ;; esac
        [ -f "$candidate" ] && jar="$candidate" && break
      done
    fi
  fi
  [ -n "$jar" ] || die "no backend jar in $target; build with: mvn -DskipTests install (or unset AFFINITY_SKIP_BUILD)"
  echo "$jar:$target/lib/*"
}
