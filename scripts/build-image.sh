#!/bin/sh
# Builds the one local image of the container targets (lib/targets/container):
#   mmdebstrap --variant=minbase (Debian bookworm) -> rootfs.tar -> podman import localhost/provcert-servers:<tag>
# The tag is a hash of the package list and this recipe, so the image is rebuilt only when they change
# (no registry is reachable: nothing is pulled). Prints the image reference on stdout.
# Usage: scripts/build-image.sh [--print-ref]   (--print-ref: only print the reference, build nothing)
# Env: CONTAINERS_CONF (default: config/containers.conf of this checkout), PROVCERT_IMAGE_WORKDIR.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
: "${CONTAINERS_CONF:=$here/config/containers.conf}"
export CONTAINERS_CONF

# atftpd is not in the list: its package conflicts with tftpd-hpa (both ship /usr/sbin/in.tftpd). It is
# unpacked to /opt/atftpd by a hook below instead, as scripts/install-deps.sh does on the host; its
# libraries (libwrap0, libpcre2-8-0: the Depends of atftpd 0.8.0-3) are listed so that the unpacked
# binary never depends on what tftpd-hpa happens to pull in.
PACKAGES="dnsmasq,tftpd-hpa,nginx-light,kea-dhcp4-server,isc-dhcp-server,busybox,iproute2,procps,libwrap0,libpcre2-8-0"
RECIPE_VERSION=2
SUITE=bookworm

tag=$(printf '%s\n%s\n%s\n' "$PACKAGES" "$RECIPE_VERSION" "$SUITE" | sha256sum | cut -c1-12)
ref="localhost/provcert-servers:$tag"

if [ "${1:-}" = "--print-ref" ]; then
  echo "$ref"
  exit 0
fi

if podman image exists "$ref"; then
  echo "$ref"
  exit 0
fi

for tool in mmdebstrap podman; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-image: $tool is not installed" >&2; exit 2; }
done

work=$(mktemp -d "${PROVCERT_IMAGE_WORKDIR:-${TMPDIR:-/tmp}}/provcert-image.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# Daemons must not start inside the chroot while packages are configured (policy-rc.d is not kept:
# minbase has no init system in the image anyway).
# atftpd: `apt-get download` inside the chroot (it has the same apt sources and, until mmdebstrap's
# cleanup after the customize hooks, their package lists), `dpkg-deb -x` to /opt/atftpd (no maintainer
# scripts run: nothing conflicts), then ldd inside the rootfs must resolve every library and `atftpd
# --version` must run there, or the build fails. (These checks change nothing in the image: same tag.)
mmdebstrap --quiet --variant=minbase --include="$PACKAGES" \
  --customize-hook='rm -f "$1"/etc/nginx/sites-enabled/default' \
  --customize-hook='chroot "$1" sh -ec "cd /tmp && apt-get download -qq atftpd && dpkg-deb -x atftpd_*.deb /opt/atftpd && rm -f atftpd_*.deb"' \
  --customize-hook='if chroot "$1" ldd /opt/atftpd/usr/sbin/atftpd | grep "not found" >&2; then echo "build-image: atftpd misses libraries in the image" >&2; exit 1; fi' \
  --customize-hook='chroot "$1" /opt/atftpd/usr/sbin/atftpd --version >/dev/null || { echo "build-image: atftpd does not run in the image" >&2; exit 1; }' \
  "$SUITE" "$work/rootfs.tar" >&2

podman import --quiet \
  --change 'CMD ["/bin/sleep", "infinity"]' \
  --message "provcert servers ($PACKAGES)" \
  "$work/rootfs.tar" "$ref" >&2

echo "$ref"
