#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine: the apt packages listed in
# scripts/apt-packages.txt (as root) and the npm packages of package-lock.json.
# Without root it installs nothing from apt; tests that need a missing tool skip with a reason.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then
  mapfile -t pkgs < <(grep -v '^\s*#' scripts/apt-packages.txt | grep -v '^\s*$')
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "install-deps: apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # atftpd conflicts with tftpd-hpa (both ship /usr/sbin/in.tftpd): unpack it beside, never install it.
  if [ ! -x /opt/provcert/atftpd/usr/sbin/atftpd ]; then
    tmp=$(mktemp -d)
    if (cd "$tmp" && apt-get download -qq atftpd >/dev/null 2>&1); then
      mkdir -p /opt/provcert/atftpd && dpkg-deb -x "$tmp"/atftpd_*.deb /opt/provcert/atftpd
    else
      echo "install-deps: could not download atftpd (its tests will skip)"
    fi
    rm -rf "$tmp"
  fi
  # Daemons must not run on their own: tests start the servers they need, in their own namespaces.
  for svc in dnsmasq tftpd-hpa nginx isc-dhcp-server kea-dhcp4-server; do
    if command -v systemctl >/dev/null 2>&1; then systemctl disable --now "$svc" >/dev/null 2>&1 || true; fi
    pkill -x "$svc" >/dev/null 2>&1 || true
  done
else
  echo "install-deps: not root: apt packages not installed (tests that need them will skip)"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
