# Sourced by ./assay, ./run-tests and .ci/run: selects a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*. Prints one line and
# returns 1 when none is found.

assay_java_major() {
  # prints the feature version of the given java executable, or nothing; reads the JDK's
  # `release` file when there is one (shell built-ins only: no JVM start, no subprocess),
  # else asks the JVM
  local home="${1%/bin/java}" line
  if [ -f "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=\"[0-9]*)
          line="${line#JAVA_VERSION=\"}"
          echo "${line%%[!0-9]*}"
          return ;;
      esac
    done < "$home/release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1
}

# Uses JDK home $1 when it has java and javac >= 21: exports JAVA_HOME, ASSAY_JAVA_MAJOR, PATH.
assay_try_jdk() {
  local major
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  major="$(assay_java_major "$1/bin/java")"
  [ -n "$major" ] && [ "$major" -ge 21 ] || return 1
  export ASSAY_JAVA_MAJOR="$major"
  export JAVA_HOME="$1"
  export PATH="$JAVA_HOME/bin:$PATH"
}

assay_select_jdk() {
  local c
  # the common case first, without looking further: JAVA_HOME names a JDK >= 21
  if [ -n "${JAVA_HOME:-}" ] && assay_try_jdk "$JAVA_HOME"; then return 0; fi
  if command -v java >/dev/null 2>&1; then
    c="$(readlink -f "$(command -v java)")"
    assay_try_jdk "${c%/bin/java}" && return 0
  fi
  for c in /usr/lib/jvm/*; do
    [ -d "$c" ] && assay_try_jdk "$c" && return 0
  done
  echo "assay: no JDK >= 21 found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*); install one or set JAVA_HOME" >&2
  return 1
}

# Maven's own Guice warns on JDK 24+ about sun.misc.Unsafe; silence it only there.
assay_maven_opts() {
  local major="${ASSAY_JAVA_MAJOR:-$(assay_java_major "$JAVA_HOME/bin/java")}"
  if [ -n "$major" ] && [ "$major" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
