# Sourced by ./mvnw and ./daxscope: finds a JDK >= 25 without the user setting JAVA_HOME.
# Looks at $JAVA_HOME, then /usr/lib/jvm/*, ~/.jdks/*, ~/.sdkman/candidates/java/*; picks the newest.
daxscope_jdk_major() {
  [ -x "$1/bin/java" ] && [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

daxscope_find_jdk() {
  best="" best_major=0
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/* "$HOME"/.jdks/* "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$home" ] && [ -d "$home" ] || continue
    major=$(daxscope_jdk_major "$home")
    [ -n "$major" ] || continue
    if [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then best=$home best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "daxscope: no JDK 25 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm, ~/.jdks, ~/.sdkman); install one (for example Eclipse Temurin 25) under /usr/lib/jvm, or unpack a JDK 25 into ~/.jdks/" >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}
