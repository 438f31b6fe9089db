#!/usr/bin/env bash
# Cold start of the desktop app in local mode and its resident memory once started, in a real
# window under Xvfb. Needs: xvfb, libgtk-3-0 (apt). Run after `mvn -B -q package -DskipTests`.
# Prints: the app's own "window shown" / "connected" lines (ms after the launcher's JVM start),
# then VmRSS of the app's JVM and of the launcher's JVM that started it.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d); home=$(mktemp -d)
  HOME=$home XDG_CONFIG_HOME=$home/.config xvfb-run -a -s "-screen 0 1400x900x24" bash -c "
    java -jar app-desktop/target/nova-desktop.jar --data-dir $data --llm-url http://127.0.0.1:9/v1 > $data/app.log 2>&1 &
    app=\$!
    for _ in \$(seq 1 150); do grep -q 'connected .* ms after' $data/app.log && break; sleep 0.1; done
    sleep 2
    grep -o 'window shown [0-9]* ms\|connected [0-9]* ms' $data/app.log | tr '\n' ' '
    # the launcher's JVM waits for the app's JVM (JavaFX on the module path): both are counted
    child=\$(pgrep -P \$app java || true)
    echo \"rss app \$(awk '/VmRSS/ {print \$2, \$3}' /proc/\${child:-\$app}/status) launcher \$( [ -n \"\$child\" ] && awk '/VmRSS/ {print \$2, \$3}' /proc/\$app/status || echo none)\"
    kill \$app"
  rm -rf "$data" "$home"
done
