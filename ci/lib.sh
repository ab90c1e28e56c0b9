# Shared helpers for the ci/ scripts. Source it; it defines functions only.

brisk_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# java_major JAVA -> the feature version (17, 21, 25, ...) or 0
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# use_jdk: export JAVA_HOME to a JDK >= 21, looking at JAVA_HOME, the PATH, then /usr/lib/jvm/*.
use_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "Brisk needs a JDK 21 or newer: set JAVA_HOME to one (none found in JAVA_HOME, PATH or /usr/lib/jvm)." >&2
  return 1
}

# Maven on Java 25 warns about sun.misc.Unsafe from its own guava; silence that noise. jansi.noreset: Maven's console
# library writes a colour reset (ESC[0m) to both streams at exit even with -B and -q; that is noise in logs too.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -XX:+IgnoreUnrecognizedVMOptions -Djansi.noreset=true"

# maven_build ARGS...: mvn -B ARGS in the repository root, printing one line per module as Maven starts it
# ("building <module> [n/N]") and Maven's errors, nothing else, on stderr; fails as Maven does. A module that takes
# long gets a line every 10 s saying so, with the artifacts Maven downloaded for it so far (no silent minutes on a
# first build, where most of the time goes to downloads).
maven_build() {
  local root status
  root=$(brisk_root)
  set +e
  (cd "$root" && mvn -B -ntp -Dstyle.color=never "$@") 2>&1 | maven_progress >&2
  status=${PIPESTATUS[0]}
  set -e
  return "$status"
}

# maven_progress: Maven's batch output on stdin, the lines maven_build promises on stdout
maven_progress() {
  local line="" part rc downloads=0 since=$SECONDS said=$SECONDS module=""
  while true; do
    if IFS= read -r -t 5 part; then
      line+=$part
    else
      rc=$?
      line+=$part
      if [ "$rc" -le 128 ] && [ -z "$line" ]; then
        break # end of output
      fi
    fi
    if [ "${rc:-0}" -le 128 ]; then # a whole line (a timeout keeps the part read so far for the next round)
      case "$line" in
        "[INFO] Building "*"/"*"]")
          module=$(printf '%s' "${line#\[INFO\] Building}" | sed -E 's/ [0-9][0-9.]*(-SNAPSHOT)? +\[/ [/')
          printf '  building%s\n' "$module"
          module=${module% \[*}
          downloads=0 since=$SECONDS said=$SECONDS ;;
        "[INFO] Downloaded from "*) downloads=$((downloads + 1)) ;;
        "[ERROR]"*) printf '%s\n' "$line" ;;
        "[INFO] BUILD SUCCESS"|"[INFO] BUILD FAILURE") printf '  build: %s\n' "${line#\[INFO\] BUILD }" ;;
      esac
      line=""
    fi
    rc=0
    if [ -n "$module" ] && [ $((SECONDS - said)) -ge 10 ]; then
      printf '    still building%s: %s s, %s artifacts downloaded\n' "$module" "$((SECONDS - since))" "$downloads"
      said=$SECONDS
    fi
  done
}

# need_cmd CMD PACKAGE: install a Debian package when CMD is missing and we may (root + apt-get).
need_cmd() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $2 (for $1)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }
  fi
  command -v "$1" >/dev/null 2>&1
}

# need_sandbox: what the process containers' sandbox is made of (bubblewrap; setpriv from util-linux; the seccomp
# filter's compiler, libseccomp's Python bindings for the system Python; iptables for the network guard). Installs
# what is missing when it may; says what actions run without otherwise (the platform reports it too at start).
need_sandbox() {
  need_cmd bwrap bubblewrap || echo "bubblewrap not available: actions run without a sandbox" >&2
  need_cmd setpriv util-linux || echo "setpriv not available: a root invoker's actions would keep root's uid" >&2
  need_cmd iptables iptables || echo "iptables not available: with network on, actions could reach this host's services" >&2
  need_cmd ip iproute2 >/dev/null || true
  if ! /usr/bin/python3 -c 'import seccomp' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "installing python3-seccomp (the sandbox's seccomp filter)" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-seccomp >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-seccomp >/dev/null; }
    fi
    /usr/bin/python3 -c 'import seccomp' >/dev/null 2>&1 \
      || echo "python3-seccomp not available: actions run without a seccomp filter" >&2
  fi
  return 0
}
