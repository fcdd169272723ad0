# Sourced by the shims of bench/proxy/full-path.sh. Finds the real program behind a shim and, for URLs that target
# the candidate proxy (127.0.0.1:$FULL_PATH_PORT), loads the Host and Cookie the bench server wrote to
# $FULL_PATH_INFO (waiting, bounded, for the server to finish its set-up).
SHIM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
real_program() {
  local d IFS=:
  for d in $PATH; do
    [ "$d" = "$SHIM_DIR" ] && continue
    [ -x "$d/$1" ] && { echo "$d/$1"; return 0; }
  done
  echo "full-path shim: no real '$1' on PATH" >&2
  exit 127
}
targets_candidate() {   # targets_candidate SCHEME URL
  [ -n "${FULL_PATH_PORT:-}" ] && case "$2" in "$1://127.0.0.1:$FULL_PATH_PORT"/*) return 0 ;; esac
  return 1
}
load_client_settings() {
  local i
  for i in $(seq 1200); do [ -s "$FULL_PATH_INFO" ] && break; sleep 0.1; done
  [ -s "$FULL_PATH_INFO" ] || { echo "full-path shim: $FULL_PATH_INFO not written by the bench server" >&2; exit 1; }
  # shellcheck disable=SC1090
  . "$FULL_PATH_INFO"
}
