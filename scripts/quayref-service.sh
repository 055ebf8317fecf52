#!/usr/bin/env bash
# Run the reference server as a small detached service, so that an Ansible
# `command` restart (role quay_bootstrap, quay_bootstrap_restart: command) returns
# at once and the role then waits on /health/instance.
#
#   scripts/quayref-service.sh start|stop|restart|status CONFIG PORT PIDFILE LOGFILE
#
# The server is `quayref` from $QUAYREF, else from $VENV/bin, else from PATH.
# start: `quayref serve` in its own session (setsid), all output appended to
# LOGFILE, its pid in PIDFILE; returns when the port answers, fails if the
# server exits first (bad config).
# stop: SIGTERM, up to 15 s for a clean exit, then SIGKILL; no-op when not running.
set -euo pipefail

usage() { echo "usage: $0 start|stop|restart|status CONFIG PORT PIDFILE LOGFILE" >&2; exit 2; }
[ $# -eq 5 ] || usage
action=$1 config=$2 port=$3 pidfile=$4 logfile=$5

quayref=${QUAYREF:-}
if [ -z "$quayref" ] && [ -n "${VENV:-}" ] && [ -x "$VENV/bin/quayref" ]; then quayref=$VENV/bin/quayref; fi
[ -n "$quayref" ] || quayref=$(command -v quayref || true)

running() {
    local pid
    [ -s "$pidfile" ] || return 1
    pid=$(cat "$pidfile")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

start() {
    if running; then echo "quayref already running (pid $(cat "$pidfile"))"; return 0; fi
    [ -n "$quayref" ] || { echo "quayref-service.sh: quayref not found (set QUAYREF or VENV)" >&2; return 1; }
    # setsid + closed stdin + output to the log: nothing ties the server to
    # the caller, so Ansible's command task returns at once.
    setsid "$quayref" serve --config "$config" --host 127.0.0.1 --port "$port" \
        </dev/null >>"$logfile" 2>&1 &
    echo $! >"$pidfile"
    # Return once the port accepts connections (migrations and start-up are done
    # then), or fail if the server exits first, e.g. on a bad config.
    local _
    for _ in $(seq 300); do
        if ! running; then
            echo "quayref-service.sh: quayref exited at start; last lines of $logfile:" >&2
            tail -n 20 "$logfile" >&2
            rm -f "$pidfile"
            return 1
        fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "quayref started (pid $(cat "$pidfile"), port $port)"
            return 0
        fi
        sleep 0.1
    done
    echo "quayref started (pid $(cat "$pidfile"), port $port), not listening yet after 30 s"
}

stop() {
    local pid _
    if ! running; then rm -f "$pidfile"; echo "quayref not running"; return 0; fi
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
    rm -f "$pidfile"
    echo "quayref stopped (pid $pid)"
}

case $action in
    start) start ;;
    stop) stop ;;
    restart) stop && start ;;
    status) if running; then echo "quayref running (pid $(cat "$pidfile"))"; else echo "quayref not running"; exit 3; fi ;;
    *) usage ;;
esac
