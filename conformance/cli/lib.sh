# Shared helpers for the CLI scenarios: run a step with the real openstack CLI and record it.
# Source it, set OS_CLIENT_CONFIG_FILE, then call step / step_fails / expect_eq, and finish.
passed=0; failed=0
export PATH="/usr/bin:$PATH"
os() { /usr/bin/openstack "$@"; }

# step "description" command...   -- the command must succeed
step() {
  local what="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then
    passed=$((passed + 1)); echo "ok    $what"
  else
    failed=$((failed + 1)); echo "FAIL  $what"; echo "$out" | sed 's/^/      /' | head -20
  fi
  LAST="$out"
}

# step_fails "description" "expected text" command...   -- the command must fail, saying the text
step_fails() {
  local what="$1" want="$2"; shift 2
  local out
  if out="$("$@" 2>&1)"; then
    failed=$((failed + 1)); echo "FAIL  $what (it succeeded)"; echo "$out" | sed 's/^/      /' | head -5
  elif ! grep -qi -- "$want" <<<"$out"; then
    failed=$((failed + 1)); echo "FAIL  $what (no '$want' in the error)"; echo "$out" | sed 's/^/      /' | head -5
  else
    passed=$((passed + 1)); echo "ok    $what"
  fi
}

# expect_eq "description" expected actual
expect_eq() {
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok    $1"
  else failed=$((failed + 1)); echo "FAIL  $1: expected '$2', got '$3'"; fi
}

# server_status_is SECONDS SERVER STATUS CLI-ARGS...: polls 'server show' (with the CLI's cloud
# arguments) until the status is STATUS; stops at ERROR or when the server cannot be shown. LAST
# is the last status (or error) seen.
server_status_is() {
  local seconds="$1" server="$2" want="$3"; shift 3
  LAST=""
  for _ in $(seq 1 $((seconds * 2))); do
    LAST="$(os "$@" server show "$server" -f value -c status 2>&1)" || return 1
    [ "$LAST" = "$want" ] && return 0
    [ "$LAST" = ERROR ] && return 1
    sleep 0.5
  done
  return 1
}

finish() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
