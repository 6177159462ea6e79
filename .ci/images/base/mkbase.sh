#!/bin/sh
# Minimal Debian bookworm rootfs tarball for `docker import` (no registry needed).
set -eu
OUT=${1:-bookworm-minbase.tar}
MIRROR=${MIRROR:-$(apt-get indextargets --format '$(REPO_URI)' | grep -m1 -E '/debian/$')}
SECURITY_MIRROR=${SECURITY_MIRROR:-$(apt-get indextargets --format '$(REPO_URI)' | grep -m1 -E '/debian-security/$' || true)}
SECURITY_MIRROR=${SECURITY_MIRROR:-$MIRROR}
set -- "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main"
case "$SECURITY_MIRROR" in *debian-security*) set -- "$@" "deb $SECURITY_MIRROR bookworm-security main";; esac
mmdebstrap --variant=minbase \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --skip=chroot/policy-rc.d \
  --aptopt='APT::Install-Recommends "false"' \
  --aptopt='APT::Install-Suggests "false"' \
  --aptopt='Acquire::Languages "none"' \
  --dpkgopt='force-unsafe-io' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --customize-hook='printf "#!/bin/sh\nexit 101\n" > "$1/usr/sbin/policy-rc.d"; chmod 755 "$1/usr/sbin/policy-rc.d"' \
  --customize-hook='printf "DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true\"; };\nBinary::apt::APT::Keep-Downloaded-Packages \"false\";\n" > "$1/etc/apt/apt.conf.d/docker-clean"' \
  --customize-hook='rm -f "$1/etc/hostname" "$1/etc/resolv.conf"; : > "$1/etc/machine-id" 2>/dev/null || true' \
  bookworm "$OUT" "$@"
