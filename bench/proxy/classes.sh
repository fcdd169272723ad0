# bench/proxy/classes.sh - sourced by the proxy benchmark scripts.
#
#   CP=$(proxy_classpath DIR) || exit 1
#
# Builds the proxy module's test classes (offline) and takes a private copy into DIR — the compiled classes and the
# project's own jars (the launcher, reinstalled by other builds), so another build during a run cannot change what
# is measured — then prints the classpath of that copy. With SKIP_BUILD=1 an existing copy is reused as it is.
proxy_classpath() {
  local dir=$1 root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -d "$dir/classes" ]; then
    echo "building the proxy module's test classes" >&2
    (cd "$root" && mvn -q -B -o -pl proxy test-compile dependency:build-classpath -Dmdep.outputFile="$dir.cp" \
      -Dmdep.includeScope=test) >&2 || { echo "build failed" >&2; return 1; }
    rm -rf "$dir" && mkdir -p "$dir/jars"
    cp -r "$root/proxy/target/classes" "$root/proxy/target/test-classes" "$dir/"
    tr ':' '\n' <"$dir.cp" | while read -r jar || [ -n "$jar" ]; do
      case "$jar" in */io/dataworkspace/*) cp "$jar" "$dir/jars/" && echo "$dir/jars/${jar##*/}" ;; *) echo "$jar" ;; esac
    done | paste -sd: >"$dir/classpath"
  fi
  echo "$dir/test-classes:$dir/classes:$(cat "$dir/classpath")"
}
