#!/usr/bin/env bash
# Builds a bundled sandbox image: `build-image.sh [name]` (default: base; also node-python).
# With a reachable registry it is a plain `docker build`. Without one (air-gapped hosts, CI here)
# the Debian userland is made with debootstrap from the host's apt mirror and `docker import`ed,
# then the same Dockerfile is built FROM that local rootfs. An image already present is kept
# unless FORCE=1.
set -euo pipefail
name="${1:-base}"
here="$(cd "$(dirname "$0")/.." && pwd)"
tag="${IDE_IMAGE_PREFIX:-ide-sandbox}-${name}:latest"
rootfs_tag="ide-debian-rootfs:bookworm"
packages="bash,git,ca-certificates,curl,build-essential,nodejs,procps,ripgrep,less,python3,passwd"

if [ "${FORCE:-0}" != 1 ] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "image $tag already present"; exit 0
fi

if [ "$name" != base ]; then
  # Language images build FROM the base image, so they need no registry either.
  bash "$here/scripts/build-image.sh" base
  docker build -q -t "$tag" "$here/$name" >/dev/null
  echo "built $tag"; exit 0
fi

base_arg=()
if [ "${IDE_OFFLINE_BUILD:-auto}" != 1 ] && timeout 20 docker pull -q debian:bookworm-slim >/dev/null 2>&1; then
  echo "registry reachable: building $tag from debian:bookworm-slim"
else
  if ! docker image inspect "$rootfs_tag" >/dev/null 2>&1; then
    mirror="$(grep -hoE '^URIs: *http[^ ]*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | awk '{print $2}')"
    mirror="${mirror:-$(grep -hoE '^deb +http[^ ]*/debian/? ' /etc/apt/sources.list 2>/dev/null | head -n1 | awk '{print $2}')}"
    mirror="${mirror:-http://deb.debian.org/debian}"
    dir="$(mktemp -d /tmp/ide-rootfs.XXXXXX)"
    trap 'rm -rf "$dir"' EXIT
    echo "no registry: debootstrapping Debian bookworm from $mirror (about a minute)"
    debootstrap --variant=minbase --include="$packages" bookworm "$dir" "$mirror" >/tmp/ide-debootstrap.log 2>&1 \
      || { tail -n 30 /tmp/ide-debootstrap.log; exit 1; }
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
    tar -C "$dir" -c . | docker import - "$rootfs_tag" >/dev/null
  fi
  base_arg=(--build-arg "BASE=$rootfs_tag")
fi
docker build -q "${base_arg[@]}" -t "$tag" "$here/$name" >/dev/null
echo "built $tag"
