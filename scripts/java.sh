# Sourced by ./steward and ./run-tests: finds a JDK that can build and run Steward (Java 21 or newer).
# Order: $JAVA_HOME, then `java` on PATH, then the newest JDK in the system JVM folders.

steward_java_major() {
  # Prints the feature version of the given java binary (17, 21, 25 ...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' \
    | sed 's/^1\.//; s/\..*//' | head -n 1
}

steward_find_java() {
  # Sets STEWARD_JAVA (the java binary) and STEWARD_JAVA_HOME, or explains what is missing and returns 1.
  local candidate major best="" best_major=0 seen=""
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(steward_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then best="$JAVA_HOME/bin/java"; best_major=$major; fi
    seen="$seen\n  JAVA_HOME=$JAVA_HOME: Java ${major:-?}"
  fi
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    candidate=$(command -v java)
    major=$(steward_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ]; then best="$candidate"; best_major=$major; fi
    seen="$seen\n  java on PATH ($candidate): Java ${major:-?}"
  fi
  if [ -z "$best" ]; then
    for candidate in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java \
                     /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
      [ -x "$candidate" ] || continue
      major=$(steward_java_major "$candidate")
      seen="$seen\n  $candidate: Java ${major:-?}"
      if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
    done
  fi
  if [ -z "$best" ]; then
    printf 'Steward needs Java 21 or newer, and none was found.%b\n' "${seen:-\n  (no java found)}" >&2
    printf 'Install a JDK 21+ (for example Eclipse Temurin, or openjdk-21-jdk-headless where your\ndistribution has it) and set JAVA_HOME to it.\n' >&2
    return 1
  fi
  STEWARD_JAVA=$(readlink -f "$best")
  STEWARD_JAVA_HOME=$(dirname "$(dirname "$STEWARD_JAVA")")
  export STEWARD_JAVA STEWARD_JAVA_HOME
}

steward_maven_opts() {
  # Maven 3.8/3.9 on Java 24+ warns about sun.misc.Unsafe on every run; the option that silences it only exists there.
  local major
  major=$(steward_java_major "$STEWARD_JAVA")
  if [ "${major:-0}" -ge 24 ]; then
    printf '%s' "--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
  else
    printf '%s' "${MAVEN_OPTS:-}"
  fi
}
