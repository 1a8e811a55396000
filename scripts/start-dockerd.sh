#!/bin/sh
# Starts the machine's Docker daemon when none answers on DOCKER_HOST (default /var/run/docker.sock).
# Machines of this project have no init system, so nothing starts dockerd for us. This is the
# *main* daemon (default bridge, iptables on): never use this script to start a second daemon.
set -eu
SOCK=${DOCKER_HOST:-unix:///var/run/docker.sock}
SOCK=${SOCK#unix://}
ping() { curl -fsS --max-time 2 --unix-socket "$SOCK" http://docker/_ping >/dev/null 2>&1; }
if ping; then echo "dockerd already answers on $SOCK"; exit 0; fi
LOG=${DOCKERD_LOG:-/var/log/dockerd.log}
echo "Starting dockerd (log: $LOG)…"
nohup dockerd --host "unix://$SOCK" >"$LOG" 2>&1 &
i=0
while ! ping; do
  i=$((i + 1))
  if [ "$i" -gt 300 ]; then echo "Failed to start dockerd: no answer on $SOCK after 30 s" >&2; tail -20 "$LOG" >&2; exit 1; fi
  sleep 0.1
done
echo "Started dockerd on $SOCK"
