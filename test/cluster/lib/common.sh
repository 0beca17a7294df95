# Shared helpers for the control-plane scripts. Sourced, never run.
# Everything human-readable goes to stderr so that callers can use the last stdout line as a value.

log() { printf '[cluster %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

die() { log "ERROR: $*"; exit 1; }

# Milliseconds since the epoch; used for the timings printed at the end of build/up.
now_ms() { date +%s%3N; }

secs_since() { # secs_since START_MS -> "12.3"
  local d=$(( $(now_ms) - $1 ))
  printf '%d.%d' $(( d / 1000 )) $(( d % 1000 / 100 ))
}

# Prints the last lines of a component log, indented, to stderr (the clue when something fails).
tail_log() { # tail_log FILE [LINES]
  local f=$1 n=${2:-40}
  if [[ -s $f ]]; then
    log "--- last $n lines of $f ---"
    tail -n "$n" "$f" | sed 's/^/    /' >&2
    log "--- end of $f ---"
  else
    log "($f is empty or missing)"
  fi
}

# free_ports N: N distinct TCP ports that were bindable on 127.0.0.1 a moment ago.
# Chosen at random below the kernel's ephemeral range (32768+) so that outgoing connections of
# other processes cannot be holding them; the bind test and the callers' retry cover the rest.
free_ports() {
  node -e '
    const net = require("node:net");
    const want = Number(process.argv[1]);
    const got = new Set();
    const tryOne = () => {
      if (got.size === want) { console.log([...got].join(" ")); return; }
      const port = 20000 + Math.floor(Math.random() * 12700);
      if (got.has(port)) return tryOne();
      const s = net.createServer();
      s.once("error", tryOne);
      s.listen(port, "127.0.0.1", () => s.close(() => { got.add(port); tryOne(); }));
    };
    tryOne();
  ' "$1"
}

# pid_is_ours PID WORKDIR: true when PID is alive and was started for WORKDIR (its command line
# names a path inside it). Guards against signalling an unrelated process that reused a pid.
pid_is_ours() {
  local pid=$1 dir=$2
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  # A zombie has an empty cmdline; it is gone for our purposes.
  tr '\0' '\n' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$dir/"
}

# pid_exited PID: true once PID has fully exited: gone, or a zombie (not reaped yet) none of whose
# threads is still alive. A dying process loses its cmdline before it closes its files, and a Go
# process's main thread turns zombie while other threads still hold its sockets, so neither of
# those means its listening port is free again.
pid_exited() {
  local status
  status=$(cat "/proc/$1/status" 2>/dev/null) || return 0
  [[ $status =~ State:[[:space:]]+Z && $status =~ Threads:[[:space:]]+1($'\n'|$) ]]
}
