# Process bookkeeping for one cluster work dir ($WORK). Sourced by up.sh, down.sh, restart.sh.
# Per component NAME:
#   $WORK/cmd/NAME.argv     its argv, NUL-separated (so restart.sh can start it again identically)
#   $WORK/cmd/NAME.health   curl arguments of its health probe, NUL-separated
#   $WORK/pids/NAME.pid     pid of the running process
#   $WORK/logs/NAME.log     stdout+stderr, appended across restarts

# record NAME HEALTH_CURL_ARGS... -- ARGV...
record() {
  local name=$1; shift
  local health=()
  while [[ $1 != -- ]]; do health+=("$1"); shift; done
  shift
  mkdir -p "$WORK/cmd" "$WORK/pids" "$WORK/logs"
  printf '%s\0' "${health[@]}" >"$WORK/cmd/$name.health"
  printf '%s\0' "$@" >"$WORK/cmd/$name.argv"
}

# spawn NAME: start NAME from its recorded argv in its own session, detached from our terminal, so
# that it outlives `make cluster-up` and a Ctrl-C aimed at a test run does not kill it half-way
# (with-cluster.sh's trap stops it). `exec setsid` in a non-leader subshell keeps $! == its pid.
spawn() {
  local name=$1 argv=()
  mapfile -d '' argv <"$WORK/cmd/$name.argv"
  echo "=== $(date -u +%FT%TZ) starting: ${argv[*]}" >>"$WORK/logs/$name.log"
  (exec setsid "${argv[@]}" </dev/null >>"$WORK/logs/$name.log" 2>&1) &
  local pid=$! i
  echo "$pid" >"$WORK/pids/$name.pid"
  # Until exec, the child still shows our own command line; wait so that pid_is_ours (used to
  # tell "exited" from "starting") is meaningful from now on.
  for ((i = 0; i < 100; i++)); do
    pid_is_ours "$pid" "$WORK" || pid_exited "$pid" && break
    sleep 0.02
  done
}

# wait_healthy NAME TIMEOUT_SECONDS: poll NAME's health probe until it answers 2xx. Fails early when
# the process exits, and always names the component and shows its log tail.
wait_healthy() {
  local name=$1 timeout=$2 health=() pid deadline
  mapfile -d '' health <"$WORK/cmd/$name.health"
  pid=$(<"$WORK/pids/$name.pid")
  deadline=$(( $(date +%s) + timeout ))
  while :; do
    if curl -fsS --max-time 2 "${health[@]}" >/dev/null 2>&1; then
      return 0
    fi
    if ! pid_is_ours "$pid" "$WORK"; then
      log "$name (pid $pid) exited before becoming healthy"
      tail_log "$WORK/logs/$name.log"
      return 1
    fi
    if (( $(date +%s) >= deadline )); then
      log "$name (pid $pid) not healthy after ${timeout}s: curl ${health[*]}"
      tail_log "$WORK/logs/$name.log"
      return 1
    fi
    sleep 0.2
  done
}

# stop NAME [SIGNAL]: signal NAME (default TERM), wait up to 10s, then SIGKILL. Only signals the
# pid if it still belongs to this work dir.
stop() {
  local name=$1 sig=${2:-TERM} pid i
  [[ -f $WORK/pids/$name.pid ]] || return 0
  pid=$(<"$WORK/pids/$name.pid")
  if pid_is_ours "$pid" "$WORK"; then
    kill -"$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      pid_is_ours "$pid" "$WORK" || break
      sleep 0.1
    done
    if pid_is_ours "$pid" "$WORK"; then
      log "$name (pid $pid) ignored SIG$sig for 10s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    # Wait for the exit to complete: its ports are only free once its files are closed.
    for ((i = 0; i < 100; i++)); do pid_exited "$pid" && break; sleep 0.05; done
  fi
  rm -f "$WORK/pids/$name.pid"
}
