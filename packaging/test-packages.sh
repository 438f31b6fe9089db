#!/usr/bin/env bash
# The installers as a user meets them (run as root: dpkg). After `mvn -B package -Ppackage`:
#   1. installs nova_N.deb with dpkg -i, runs the installed launcher with --smoke-test under
#      xvfb-run (local mode: connect, send, echo), with no "Unsupported JavaFX" warning;
#   2. builds N+1, upgrades to it, runs the smoke test again on the same data: the first run's
#      message is still there;
#   3. removes the package: nothing it installed is left, the user's data is;
#   4. unpacks the server bundle, creates a key, starts `bin/nova-server serve`, does a WebSocket
#      round trip (JDK only), stops it with SIGTERM.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$root/packaging/target/dist
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  dpkg -r nova >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
log() { printf '[packages] %s\n' "$*"; }
fail() { printf '[packages] FAILED: %s\n' "$*" >&2; exit 1; }

deb=$(ls "$dist"/nova_*_amd64.deb | head -1)
[ -f "$deb" ] || fail "no .deb in $dist (mvn -B package -Ppackage -DskipTests)"
version=$(dpkg-deb -f "$deb" Version)
upstream=${version%-*}
next=$(echo "$upstream" | awk -F. '{ $NF = $NF + 1; print }' OFS=.)

# What the package needs from the system (dpkg -i installs no dependencies itself).
deps=$(dpkg-deb -f "$deb" Depends | tr -d ' ' | tr ',' ' ')
missing=""
for d in $deps xvfb xauth; do dpkg -s "$d" >/dev/null 2>&1 || missing="$missing $d"; done
if [ -n "$missing" ]; then
  log "installing$missing"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

home=$work/home; mkdir -p "$home"
data=$home/.local/share/nova   # where the desktop keeps a user's data
smoke() { # expected message count
  local logf=$work/smoke-$1.log
  if ! HOME=$home XDG_CONFIG_HOME=$home/.config timeout 120 xvfb-run -a /opt/nova/bin/Nova --smoke-test \
      --data-dir "$data" --llm-url http://127.0.0.1:9/v1 > "$logf" 2>&1; then
    cat "$logf" >&2; fail "the smoke test of the installed app did not pass"
  fi
  grep -q "smoke test passed: connected, message echoed, $1 message(s)" "$logf" \
      || { cat "$logf" >&2; fail "expected $1 message(s) in #smoke-test"; }
  ! grep -q "Unsupported JavaFX configuration" "$logf" || fail "JavaFX warned about its configuration"
  log "smoke test passed ($1 message(s) kept)"
}

# the package's metadata says what it is and who keeps it, not jpackage's placeholders
control=$(dpkg-deb -f "$deb")
echo "$control" | grep -q '^Section: utils$' || fail "Section is not utils: $(echo "$control" | grep Section)"
! echo "$control" | grep -qi 'example\.org\|github.com/nova$' || fail "placeholder metadata: $control"
echo "$control" | grep -q '^Maintainer: .*maintainers@' || fail "no maintainer from the POM: $control"

log "dpkg -i $(basename "$deb") ($version)"
dpkg -i "$deb" > "$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dpkg -i"; }
! grep -q "xdg-desktop-menu\|No writable system menu" "$work/install.log" || { cat "$work/install.log" >&2; fail "menu warnings at install"; }
[ -f /usr/share/applications/nova.desktop ] || fail "no menu entry in /usr/share/applications"
[ -f /usr/share/icons/hicolor/256x256/apps/nova.png ] || fail "no icon in /usr/share/icons/hicolor"
grep -q '^Exec=/opt/nova/bin/Nova' /usr/share/applications/nova.desktop || fail "the menu entry does not start Nova"
smoke 1
dpkg -L nova | sort > "$work/files-n.txt"

log "building $next for the upgrade"
NOVA_DEB_VERSION=$next NOVA_DIST=$work/next bash "$root/packaging/build.sh" "$next" > "$work/build-next.log" 2>&1 \
    || { cat "$work/build-next.log" >&2; fail "building $next"; }
log "dpkg -i (upgrade to $next)"
dpkg -i "$work"/next/nova_*_amd64.deb >/dev/null
[ "$(dpkg-query -W -f='${Version}' nova)" = "$next-1" ] || fail "the upgrade did not take"
smoke 2
[ -f /usr/share/applications/nova.desktop ] || fail "the upgrade lost the menu entry"
dpkg -L nova | sort > "$work/files.txt"

log "dpkg -r nova"
dpkg -r nova > "$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; fail "dpkg -r"; }
! grep -q "xdg-desktop-menu\|No writable system menu" "$work/remove.log" || { cat "$work/remove.log" >&2; fail "menu warnings at removal"; }
[ ! -e /usr/share/applications/nova.desktop ] || fail "the menu entry is still there"
[ ! -e /usr/share/icons/hicolor/256x256/apps/nova.png ] || fail "the icon is still there"
left=$(while read -r f; do if [ -f "$f" ]; then echo "$f"; fi; done < "$work/files.txt")
[ -z "$left" ] || fail "files left after dpkg -r: $left"
[ ! -e /opt/nova ] || fail "/opt/nova is still there"
[ ! -e /usr/share/applications/nova-Nova.desktop ] || fail "the desktop entry is still there"
[ -f "$data/nova.db" ] || fail "the user's data went with the package"
log "removed cleanly; the user's data stays ($data)"

bundle=$(ls "$dist"/nova-server-*.tar.gz | head -1)
log "server bundle $(basename "$bundle")"
tar -C "$work" -xzf "$bundle"
dir=$(ls -d "$work"/nova-server-*/)
for f in bin/nova-server lib/nova-server.jar deploy/nova-server.service deploy/config.example.json \
    deploy/haproxy.cfg docs/OPERATIONS.md README; do
  [ -e "$dir/$f" ] || fail "the bundle has no $f"
done
sdata=$work/server-data
key=$("$dir/bin/nova-server" keys create --name ci --data-dir "$sdata" 2>/dev/null | tail -1 | awk '{print $NF}')
[ -n "$key" ] || fail "keys create printed no key"
"$dir/bin/nova-server" serve --port 0 --data-dir "$sdata" --llm-url http://127.0.0.1:9/v1 \
    > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
for _ in $(seq 1 300); do grep -q 'listening on' "$work/serve.out" && break; sleep 0.1; done
port=$(grep -m1 'listening on' "$work/serve.out" | sed 's/.*://')
[ -n "$port" ] || { cat "$work/serve.err" >&2; fail "the bundle's server did not start"; }
java "$root/packaging/src/test/sh/RoundTrip.java" "ws://127.0.0.1:$port/ws" "$key" > "$work/rt.log" 2>&1 \
    || { cat "$work/rt.log" "$work/serve.err" >&2; fail "no WebSocket round trip with the bundle's server"; }
curl -fsS "http://127.0.0.1:$port/health" | grep -q '"version"' || fail "/health has no version"
kill "$server_pid"; wait "$server_pid" || true; server_pid=
log "the bundle's server served a WebSocket round trip and stopped on SIGTERM"
log "all passed"
