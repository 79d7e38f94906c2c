# Sourced by ./assay, ./run-tests and .ci/run: selects a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*. Prints one line and
# returns 1 when none is found.

assay_java_major() {
  # prints the feature version of the given java executable, or nothing; reads the JDK's
  # `release` file when there is one (no JVM start), else asks the JVM
  local home release v
  home="$(dirname "$(dirname "$1")")"
  release="$home/release"
  if [ -f "$release" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$release" | head -n1)"
    if [ -n "$v" ]; then echo "$v"; return; fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1
}

assay_select_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    c="$(readlink -f "$(command -v java)")"
    candidates+=("$(dirname "$(dirname "$c")")")
  fi
  for c in /usr/lib/jvm/*; do [ -d "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major="$(assay_java_major "$c/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export ASSAY_JAVA_MAJOR="$major"
      export JAVA_HOME="$c"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "assay: no JDK >= 21 found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*); install one or set JAVA_HOME" >&2
  return 1
}

# Maven's own Guice warns on JDK 24+ about sun.misc.Unsafe; silence it only there.
assay_maven_opts() {
  local major
  major="$(assay_java_major "$JAVA_HOME/bin/java")"
  if [ -n "$major" ] && [ "$major" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
