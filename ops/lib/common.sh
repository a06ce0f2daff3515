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

JVM_FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)
