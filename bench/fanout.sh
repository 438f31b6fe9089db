#!/usr/bin/env bash
# The fan-out benchmark: starts a fresh nova-server (its own data directory, one key per load
# connection) and the Socket.IO peer, then runs one scenario of the load tool against each, in the
# same run, with the same client. Prints Markdown table rows (docs/BENCHMARKS.md).
#
#   bash bench/fanout.sh SCENARIO [load tool options...]
#   e.g. bash bench/fanout.sh fanout --rate 100 --subscribers 1000
#        bash bench/fanout.sh sweep --rate 100,150,200,250,300
#        bash bench/fanout.sh mixed --connections 5000
#        bash bench/fanout.sh idle --connections 10000
#        bash bench/fanout.sh stalled --stalled 10
#        bash bench/fanout.sh stalled-memory --subscribers 50 --stalled 5 --rate 200 --size 4096 --seconds 60
#
# Needs: `mvn -B -q package -DskipTests` done, node + npm (the peer is installed on first use).
# CLIENT=node drives the fanout scenario with the second load client (bench/peers/ws-load.js, Node's
# ws) instead of the Java one. ONLY=nova or ONLY=socketio runs one side; NOVA_JAVA_OPTS replace the launcher's JVM options
# (e.g. NOVA_JAVA_OPTS=-XX:+UseG1GC for the JVM's default collector); SERVE_ARGS are extra flags
# for `nova-server serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:?scenario: fanout, sweep, stalled, mixed, idle or stalled-memory}
shift
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

server=${NOVA_SERVER:-server-embedded/bin/nova-server} # the launcher users run (its JVM settings)
load=(java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar dev.nova.bench.load.LoadMain)
wait_line() { # file pattern -> the first matching line, within 60 s
  for _ in $(seq 1 600); do grep -m1 "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1" >&2; cat "$1" >&2; return 1
}
count=20000 # keys: at least one per load connection of any scenario

run_nova() {
  local data=$work/nova
  NOVA_JAVA_OPTS= "$server" keys create --name load --count "$count" --data-dir "$data" > "$work/keys.txt" 2>/dev/null
  # shellcheck disable=SC2086
  # One publisher sends hundreds of messages a second here: lift the per-connection rate limit.
  NOVA_LOG_LEVEL=WARN NOVA_RATE_LIMIT_PER_S=100000 NOVA_RATE_LIMIT_BURST=100000 "$server" serve --port 0 --data-dir "$data" \
      --llm-url http://127.0.0.1:9/v1 ${SERVE_ARGS:-} > "$work/nova.out" 2> "$work/nova.err" &
  local pid=$!; pids+=("$pid")
  local port; port=$(wait_line "$work/nova.out" 'listening on' | sed 's/.*://')
  if [ "${CLIENT:-java}" = node ]; then
    node bench/peers/ws-load.js --target nova --url "ws://127.0.0.1:$port/ws" --keys "$work/keys.txt" --pid "$pid" "$@"
  else
    "${load[@]}" "$scenario" --target nova --url "ws://127.0.0.1:$port/ws" --keys "$work/keys.txt" --pid "$pid" "$@"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run_socketio() {
  [ -d bench/peers/node_modules/socket.io ] || (cd bench/peers && npm ci --no-audit --no-fund --silent)
  node --expose-gc bench/peers/socketio-peer.js 0 > "$work/sio.out" 2>&1 &
  local pid=$!; pids+=("$pid")
  local port; port=$(wait_line "$work/sio.out" 'listening on' | sed 's/.* //')
  if [ "${CLIENT:-java}" = node ]; then
    node bench/peers/ws-load.js --target socketio --url "ws://127.0.0.1:$port" --pid "$pid" "$@"
  else
    "${load[@]}" "$scenario" --target socketio --url "ws://127.0.0.1:$port" --stats-url "http://127.0.0.1:$port/stats" \
        --pid "$pid" "$@"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores; $(java -version 2>&1 | head -1); node $(node --version)"
case "${ONLY:-both}" in
  nova) run_nova "$@" ;;
  socketio) run_socketio "$@" ;;
  *) run_nova "$@"; run_socketio "$@" ;;
esac
