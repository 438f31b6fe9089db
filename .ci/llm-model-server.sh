#!/usr/bin/env bash
# Starts a real OpenAI-compatible model server for the end-to-end test: llama.cpp's llama-server
# (the engine LM Studio is built on) from Debian sid, in a chroot, serving the tiny model in
# ../shared/fixtures/llm. Source of the steps: ../shared/fixtures/llm/README.md.
#
#   bash .ci/llm-model-server.sh STATE_DIR
#
# On success it prints the base URL (http://127.0.0.1:PORT/v1) on stdout and leaves the server's
# pid in STATE_DIR/llama-server.pid and its log in STATE_DIR/llama-server.log: the caller ends
# exactly that process. On failure it prints nothing on stdout and explains on stderr. The chroot
# is cached in this user's cache directory (building it takes about 25 s).
set -uo pipefail

STATE=${1:?usage: llm-model-server.sh STATE_DIR}
mkdir -p "$STATE"
ROOT=${NOVA_SID_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/nova-ci/sidroot}
MODEL_SRC="$(cd "$(dirname "$0")/.." && pwd)/../shared/fixtures/llm/fortune-llama-2m-q8_0.gguf"

say() { printf '[llm-e2e] %s\n' "$*" >&2; }

free_port() {
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}
PORT=${NOVA_E2E_LLM_PORT:-$(free_port)}

[ -f "$MODEL_SRC" ] || { say "model file not found at $MODEL_SRC"; exit 1; }
[ "$(id -u)" = 0 ] || { say "needs root for debootstrap/chroot"; exit 1; }

if [ ! -x "$ROOT/usr/bin/llama-server" ]; then
  if ! command -v debootstrap >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1; } \
      || { say "cannot install debootstrap"; exit 1; }
  fi
  MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
  MIRROR=${MIRROR:-http://deb.debian.org/debian}
  say "building a Debian sid chroot with llama.cpp-tools in $ROOT (about 25 s)"
  rm -rf "$ROOT"
  mkdir -p "$(dirname "$ROOT")"
  timeout 600 debootstrap --variant=minbase --include=llama.cpp-tools sid "$ROOT" "$MIRROR" >"$STATE/debootstrap.log" 2>&1 \
    || { say "debootstrap failed (see $STATE/debootstrap.log)"; exit 1; }
fi

mkdir -p "$ROOT/models"
cp "$MODEL_SRC" "$ROOT/models/fortune.gguf"
chroot "$ROOT" llama-server -m /models/fortune.gguf --host 127.0.0.1 --port "$PORT" -c 256 -t 1 \
  --alias fortune-llama-2m >"$STATE/llama-server.log" 2>&1 &
echo $! > "$STATE/llama-server.pid"

for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/v1/models" >/dev/null 2>&1; then
    echo "http://127.0.0.1:$PORT/v1"
    exit 0
  fi
  sleep 0.2
done
say "llama-server did not come up (see $STATE/llama-server.log)"
kill "$(cat "$STATE/llama-server.pid")" 2>/dev/null || true
exit 1
