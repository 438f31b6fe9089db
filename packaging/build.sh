#!/usr/bin/env bash
# Builds the installers from the jars the reactor just built (`mvn -B package -Ppackage`, which
# runs this with the parent POM's version):
#   packaging/target/dist/Nova/                    jpackage app image, on a jlinked runtime
#   packaging/target/dist/nova_VERSION_amd64.deb   the same as a Debian package (/opt/nova)
#   packaging/target/dist/nova-server-VERSION.tar.gz  the team server: launcher, jar, example
#                                                  config, systemd unit, HAProxy config, docs
# NOVA_DEB_VERSION overrides the package version (the upgrade test builds N and N+1).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${1:?usage: build.sh VERSION [MAINTAINER-EMAIL]}
maintainer=${2:-maintainers@users.noreply.r-seed-a5e3deaf.example}   # the POM's nova.maintainer
pkg_version=${NOVA_DEB_VERSION:-${version%-SNAPSHOT}}   # jpackage wants digits and dots
desktop=$root/app-desktop/target
server=$root/server-embedded/target
out=${NOVA_DIST:-$root/packaging/target/dist}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
log() { printf '[package] %s\n' "$*"; }

for f in "$desktop/nova-desktop.jar" "$desktop/javafx" "$server/nova-server.jar"; do
  [ -e "$f" ] || { echo "missing $f: build first (mvn -B package -DskipTests)" >&2; exit 1; }
done
rm -rf "$out"; mkdir -p "$out"

# The runtime holds only the modules the app uses. jdeps finds the code's own needs: java.sql
# (SQLite), java.net.http (LM Studio, /health), java.naming and java.desktop (logback, Jetty,
# Jackson's java.beans use), java.management/jdk.management (Micrometer's JVM metrics),
# java.instrument, java.rmi and java.security.jgss (referenced by Jetty and lettuce's netty),
# jdk.unsupported (netty, the SQLite driver). Added by hand, because they are loaded as
# services, which jdeps cannot see: jdk.crypto.ec (elliptic-curve TLS, for wss:// team servers),
# jdk.localedata is left out (the app's text is English; dates are formatted as ISO or HH:mm).
# JavaFX comes from the Maven jars beside the app jar (javafx.controls and what it requires).
modules=java.base,java.desktop,java.instrument,java.naming,java.net.http,java.rmi,java.security.jgss,java.sql,jdk.management,jdk.unsupported,jdk.crypto.ec
found=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 --module-path "$desktop/javafx" \
    "$desktop/nova-desktop.jar")
for m in ${found//,/ }; do
  case ",$modules,javafx.controls," in *",$m,"*) ;; *)
    echo "jdeps says the app needs $m, which the runtime leaves out: add it to build.sh (and say why)" >&2; exit 1;;
  esac
done
log "jlink: $modules,javafx.controls"
jlink --module-path "$java_home/jmods:$desktop/javafx" --add-modules "$modules,javafx.controls" \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$work/runtime"

mkdir -p "$work/input" "$work/resources"
cp "$desktop/nova-desktop.jar" "$work/input/"
cp "$root/packaging/src/main/linux/nova.desktop" "$work/resources/Nova.desktop"
cp "$root/packaging/src/main/linux/nova.png" "$work/resources/Nova.png"
cp "$root/packaging/src/main/linux/postinst" "$root/packaging/src/main/linux/prerm" "$work/resources/"
common=(--name Nova --app-version "$pkg_version" --vendor "Nova"
        --description "A desktop workspace for local LLMs and AI agents"
        --copyright "The Nova authors")
log "jpackage app image $pkg_version"
jpackage --type app-image "${common[@]}" --input "$work/input" --main-jar nova-desktop.jar \
    --main-class dev.nova.desktop.Launcher --runtime-image "$work/runtime" --icon "$work/resources/Nova.png" \
    --dest "$out"
log "jpackage .deb"
jpackage --type deb "${common[@]}" --app-image "$out/Nova" --dest "$out" --resource-dir "$work/resources" \
    --linux-package-name nova --linux-package-deps libgtk-3-0 --linux-shortcut --linux-menu-group Utility \
    --linux-app-category utils --linux-deb-maintainer "$maintainer"

log "server bundle"
bundle=nova-server-$version
mkdir -p "$work/$bundle/bin" "$work/$bundle/lib" "$work/$bundle/deploy" "$work/$bundle/docs"
cp "$root/server-embedded/bin/nova-server" "$work/$bundle/bin/"
cp "$server/nova-server.jar" "$work/$bundle/lib/"
cp "$root/server-embedded/deploy/"* "$work/$bundle/deploy/"
cp "$root/docs/OPERATIONS.md" "$work/$bundle/docs/"
cat > "$work/$bundle/README" <<EOF
Nova team server $version. Needs Java 17+ (apt-get install openjdk-17-jre-headless).

  bin/nova-server keys create --name alice        # a key for alice, printed once
  bin/nova-server serve --host 0.0.0.0 --port 8000

As a service: deploy/nova-server.service (systemd, its own user, data in /var/lib/nova), an
example config in deploy/config.example.json, several nodes behind HAProxy in deploy/haproxy.cfg.
Everything else: docs/OPERATIONS.md.
EOF
chmod 0755 "$work/$bundle/bin/nova-server"
tar -C "$work" --owner=0 --group=0 -czf "$out/$bundle.tar.gz" "$bundle"

for f in "$out"/*.deb "$out"/*.tar.gz; do log "$(basename "$f"): $(du -h "$f" | cut -f1)"; done
log "app image: $(du -sh "$out/Nova" | cut -f1) (runtime $(du -sh "$out/Nova/lib/runtime" | cut -f1))"
