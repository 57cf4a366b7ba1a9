#!/usr/bin/env bash
# Installs Debian's prometheus package (the server and promtool) when either is missing, for the
# fleet tests (./mvnw -Pfleet verify). Installing needs root; CI runs as root.
set -euo pipefail
if command -v prometheus >/dev/null && command -v promtool >/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "daxscope: the fleet tests need prometheus and promtool; install them with: sudo apt-get install prometheus" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# No recommends: node_exporter and friends are not needed, and a service that starts would take ports.
apt-get install -y -q --no-install-recommends prometheus
# Debian starts the packaged service where systemd runs; the tests start their own server.
if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl stop prometheus || true
fi
command -v prometheus >/dev/null && command -v promtool >/dev/null
