#!/usr/bin/env bash
# Installs the Debian packages that end-to-end tests use as real peers (Prometheus, Alertmanager,
# node-exporter). Runs only as root with CI=true (as .ci/run does); elsewhere it prints how to install
# them and those tests skip with the same hint.
set -uo pipefail
PACKAGES=(prometheus prometheus-alertmanager prometheus-node-exporter)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "${CI:-}" = "true" ] && [ "$(id -u)" = "0" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "warning: could not install ${missing[*]}; the tests that need them will skip" >&2
  # The packages start their services; the tests start their own instances on other ports.
  for s in prometheus prometheus-alertmanager prometheus-node-exporter; do
    (command -v systemctl >/dev/null && systemctl stop "$s" 2>/dev/null) || service "$s" stop 2>/dev/null || true
  done
else
  echo "note: ${missing[*]} not installed; end-to-end tests that need them will skip (sudo apt-get install ${missing[*]})"
fi
exit 0
