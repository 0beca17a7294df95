#!/usr/bin/env bash
# Restarts one component of a running cluster with exactly the argv and port it had, then waits
# until it is healthy again. Used by the harness self-test to prove that data lives in etcd and
# survives an apiserver crash.
#
# Usage: bash test/cluster/restart.sh WORK_DIR COMPONENT [--kill]
#   COMPONENT: etcd | kube-apiserver | kube-controller-manager | kube-scheduler | kwok
#   --kill     stop it with SIGKILL (a crash) instead of SIGTERM (a graceful stop)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib/common.sh"
source "$here/lib/procs.sh"

(($# >= 2)) || die "usage: restart.sh WORK_DIR COMPONENT [--kill]"
WORK=${1%/}; name=$2; sig=TERM
[[ ${3:-} == --kill ]] && sig=KILL
[[ -f $WORK/.ecs2eks-cluster ]] || die "$WORK is not a cluster work dir"
[[ -f $WORK/cmd/$name.argv ]] || die "no component '$name' recorded in $WORK/cmd"

t=$(now_ms)
old=$(cat "$WORK/pids/$name.pid" 2>/dev/null || echo none)
stop "$name" "$sig"
for attempt in 1 2 3 4 5; do
  spawn "$name"
  wait_healthy "$name" 120 && break
  # Its old incarnation may still be releasing the port (e.g. a slow exit on a busy machine).
  if ((attempt < 5)) && tail -n 5 "$WORK/logs/$name.log" | grep -q "address already in use"; then
    log "$name: its port is still taken; trying again"
    stop "$name" KILL
    sleep 1
    continue
  fi
  die "$name did not come back after restart"
done
log "$name restarted (SIG$sig, pid $old -> $(<"$WORK/pids/$name.pid")) in $(secs_since "$t")s"
