#!/usr/bin/env bash
# The fan-out benchmark on a team: the same scenario of the load tool against (1) one node on its
# embedded store, (2) one node on Redis, (3) two nodes on one Redis with the subscribers spread
# over both (the publisher on the first), in the same run, with the same client. Server CPU is
# the sum over the nodes (per node: half of it). Prints Markdown table rows (docs/BENCHMARKS.md).
#
#   bash bench/team.sh fanout --rate 25,50,100 --subscribers 1000 --warmup 20 --seconds 10
#   bash bench/team.sh recovery [missed] [rounds]     # two nodes: recovery on the other node
#   bash bench/team.sh publish [rates] [connections]   # publish throughput on one Redis: one node, two
#                                                       nodes; with redis-server's CPU per run
#
# Needs: `mvn -B -q package -DskipTests` done, redis-server on the PATH (a private one is started
# on a free port, without persistence). ONLY=embedded|redis1|redis2 runs one setup.
# NODE_CPUS, REDIS_CPUS, LOAD_CPUS pin the nodes, redis-server and the load tool to CPUs (taskset
# lists, e.g. NODE_CPUS=0 REDIS_CPUS=1 LOAD_CPUS=1), so one node and two share the same CPU budget.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:?scenario: recovery, publish, or one of the load tool: fanout, sweep, stalled, mixed, idle, stalled-memory}
shift
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

server=${NOVA_SERVER:-server-embedded/bin/nova-server}
pin() { [ -n "${1:-}" ] && echo "taskset -c $1"; true; } # nothing when unset
# shellcheck disable=SC2207
load=($(pin "${LOAD_CPUS:-}") java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar dev.nova.bench.load.LoadMain)
wait_line() { for _ in $(seq 1 600); do grep -m1 "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1" >&2; cat "$1" >&2; return 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
count=20000

redis_port=$(free_port)
$(pin "${REDIS_CPUS:-}") redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
pids+=("$!")
redis_url="redis://127.0.0.1:$redis_port"
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

# node NAME [serve flags...]: starts a node, sets node_port and node_pid
node() {
  local name=$1; shift
  # shellcheck disable=SC2086
  NOVA_LOG_LEVEL=WARN NOVA_RATE_LIMIT_PER_S=100000 NOVA_RATE_LIMIT_BURST=100000 $(pin "${NODE_CPUS:-}") "$server" serve --port 0 \
      --data-dir "$work/$name" --llm-url http://127.0.0.1:9/v1 "$@" > "$work/$name.out" 2> "$work/$name.err" &
  node_pid=$!; pids+=("$node_pid")
  node_port=$(wait_line "$work/$name.out" 'listening on' | sed 's/.*://')
}

run() { # label urls pids keys -- scenario options
  local label=$1 urls=$2 ps=$3 keys=$4; shift 4
  echo "### $label"
  "${load[@]}" "$scenario" --target nova --url "$urls" --keys "$keys" --pid "$ps" "$@"
}

echo "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores; $(java -version 2>&1 | head -1); $(redis-server --version | awk '{print $1, $3}')"
only=${ONLY:-all}
[ "$scenario" = recovery ] && only=recovery
[ "$scenario" = publish ] && only=publish
redis_pid=${pids[0]}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
if [ "$only" = all ] || [ "$only" = embedded ]; then
  NOVA_JAVA_OPTS= "$server" keys create --name load --count "$count" --data-dir "$work/embedded" > "$work/keys-embedded.txt" 2>/dev/null
  node embedded
  run "one node, embedded store" "ws://127.0.0.1:$node_port/ws" "$node_pid" "$work/keys-embedded.txt" "$@"
  kill "$node_pid"; wait "$node_pid" 2>/dev/null || true
fi
NOVA_JAVA_OPTS= "$server" keys create --name load --count "$count" --redis "$redis_url" > "$work/keys-redis.txt" 2>/dev/null
if [ "$only" = all ] || [ "$only" = redis1 ]; then
  node r1 --redis "$redis_url"
  run "one node on Redis" "ws://127.0.0.1:$node_port/ws" "$node_pid" "$work/keys-redis.txt" "$@"
  kill "$node_pid"; wait "$node_pid" 2>/dev/null || true
fi
if [ "$only" = publish ]; then
  # Each connection publishes into a room of its own (stored, then delivered to itself): the
  # load tool's "mixed" scenario with a near-silent shared room. Redis CPU over the whole run.
  rates=${1:-2000,4000,8000,16000}; conns=${2:-200}
  node a --redis "$redis_url"; a_port=$node_port; a_pid=$node_pid
  node b --redis "$redis_url"; b_port=$node_port; b_pid=$node_pid
  for setup in one two; do
    if [ "$setup" = one ]; then urls="ws://127.0.0.1:$a_port/ws"; ps=$a_pid; else
      urls="ws://127.0.0.1:$a_port/ws,ws://127.0.0.1:$b_port/ws"; ps="$a_pid,$b_pid"; fi
    echo "### publishers on $setup node(s), one Redis"
    for r in ${rates//,/ }; do
      t0=$(date +%s%N); c0=$(cpu_ticks "$redis_pid")
      "${load[@]}" mixed --target nova --url "$urls" --keys "$work/keys-redis.txt" --pid "$ps" \
          --connections "$conns" --own-rate "$r" --shared-rate 0.05 --warmup 5 --seconds 10
      t1=$(date +%s%N); c1=$(cpu_ticks "$redis_pid")
      echo "redis-server CPU at $r msg/s: $(awk -v c=$((c1 - c0)) -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" \
          'BEGIN {printf "%.0f%% of a core", 100 * c / hz / (t / 1e9)}') (over the whole run)"
    done
  done
fi
if [ "$only" = recovery ]; then
  node a --redis "$redis_url"; a_port=$node_port
  node b --redis "$redis_url"; b_port=$node_port
  java -cp bench/target/benchmarks.jar dev.nova.bench.RecoveryBench "ws://127.0.0.1:$a_port/ws" \
      "ws://127.0.0.1:$b_port/ws" "$work/keys-redis.txt" "$@"
fi
if [ "$only" = all ] || [ "$only" = redis2 ]; then
  node a --redis "$redis_url"; a_port=$node_port; a_pid=$node_pid
  node b --redis "$redis_url"; b_port=$node_port; b_pid=$node_pid
  run "two nodes on Redis (CPU: both nodes)" "ws://127.0.0.1:$a_port/ws,ws://127.0.0.1:$b_port/ws" "$a_pid,$b_pid" \
      "$work/keys-redis.txt" "$@"
fi
