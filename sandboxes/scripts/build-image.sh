#!/usr/bin/env bash
# Builds a bundled sandbox image: `build-image.sh [name]` (default: base; also node-python).
# With a reachable registry it is a plain `docker build`. Without one (air-gapped hosts, CI here)
# the Debian userland is made with debootstrap from the host's apt mirror and `docker import`ed,
# then the same Dockerfile is built FROM that local rootfs. The base image's Node.js, npm and
# TypeScript come from npm tarballs (scripts/npm-tarball.mjs) put into its build context.
# An image is rebuilt when what it is made from changed (a hash of its inputs is kept in a label),
# or with FORCE=1; otherwise it is kept.
set -euo pipefail
name="${1:-base}"
here="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$here/.." && pwd)"
prefix="${IDE_IMAGE_PREFIX:-ide-sandbox}"
tag="${prefix}-${name}:latest"
# python3-debugpy is left to the Dockerfile's apt-get: debootstrap fails configuring what it pulls in.
packages="bash,git,ca-certificates,curl,build-essential,procps,ripgrep,less,python3,passwd"
node_tools="node npm typescript"
inputs_label="io.theia-sandbox-ide.image-inputs"

# What the image is made from: its Dockerfile, the base's packages and npm tools, and (for the
# others) the base image it builds on.
inputs() {
  cat "$here/$name/Dockerfile"
  if [ "$name" = base ]; then
    echo "$packages"
    node "$repo/scripts/npm-tarball.mjs" --pins $node_tools
  else
    docker image inspect -f '{{.Id}}' "${prefix}-base:latest"
  fi
}

if [ "$name" != base ]; then
  # Language images build FROM the base image, so they need no registry either.
  bash "$here/scripts/build-image.sh" base
fi
hash="$(inputs | sha256sum | cut -c1-16)"
if [ "${FORCE:-0}" != 1 ] && [ "$(docker image inspect -f "{{ index .Config.Labels \"$inputs_label\" }}" "$tag" 2>/dev/null)" = "$hash" ]; then
  echo "image $tag is up to date"; exit 0
fi

context="$(mktemp -d /tmp/ide-image-context.XXXXXX)"
trap 'rm -rf "$context"' EXIT
cp "$here/$name/Dockerfile" "$context/"

if [ "$name" != base ]; then
  docker build -q --build-arg "BASE=${prefix}-base:latest" --label "$inputs_label=$hash" -t "$tag" "$context" >/dev/null
  echo "built $tag"; exit 0
fi

# /usr/local of the image: bin/node, lib/node_modules/{npm,typescript} and their commands.
tools="$context/usr-local"
mkdir -p "$tools/bin" "$tools/lib/node_modules/npm" "$tools/lib/node_modules/typescript" "$context/node"
tar -xzf "$(node "$repo/scripts/npm-tarball.mjs" node)" -C "$context/node" package/bin/node
mv "$context/node/package/bin/node" "$tools/bin/node"
tar -xzf "$(node "$repo/scripts/npm-tarball.mjs" npm)" --strip-components=1 -C "$tools/lib/node_modules/npm"
tar -xzf "$(node "$repo/scripts/npm-tarball.mjs" typescript)" --strip-components=1 -C "$tools/lib/node_modules/typescript"
chmod 755 "$tools/lib/node_modules/npm/bin/npm-cli.js" "$tools/lib/node_modules/npm/bin/npx-cli.js" \
  "$tools/lib/node_modules/typescript/bin/tsc" "$tools/lib/node_modules/typescript/bin/tsserver"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$tools/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$tools/bin/npx"
ln -s ../lib/node_modules/typescript/bin/tsc "$tools/bin/tsc"
ln -s ../lib/node_modules/typescript/bin/tsserver "$tools/bin/tsserver"
tar -C "$tools" --owner=0 --group=0 -cf "$context/node-tools.tar" .
rm -rf "$tools" "$context/node"

base_arg=()
if [ "${IDE_OFFLINE_BUILD:-auto}" != 1 ] && timeout 20 docker pull -q debian:bookworm-slim >/dev/null 2>&1; then
  echo "registry reachable: building $tag from debian:bookworm-slim"
else
  # One rootfs per package list, so a changed list is debootstrapped anew.
  rootfs_tag="ide-debian-rootfs:bookworm-$(echo "$packages" | sha256sum | cut -c1-12)"
  if ! docker image inspect "$rootfs_tag" >/dev/null 2>&1; then
    mirror="$(grep -hoE '^URIs: *http[^ ]*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | awk '{print $2}')"
    mirror="${mirror:-$(grep -hoE '^deb +http[^ ]*/debian/? ' /etc/apt/sources.list 2>/dev/null | head -n1 | awk '{print $2}')}"
    mirror="${mirror:-http://deb.debian.org/debian}"
    dir="$(mktemp -d /tmp/ide-rootfs.XXXXXX)"
    trap 'rm -rf "$context" "$dir"' EXIT
    echo "no registry: debootstrapping Debian bookworm from $mirror (about a minute)"
    debootstrap --variant=minbase --include="$packages" bookworm "$dir" "$mirror" >/tmp/ide-debootstrap.log 2>&1 \
      || { tail -n 30 /tmp/ide-debootstrap.log; exit 1; }
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
    tar -C "$dir" -c . | docker import - "$rootfs_tag" >/dev/null
  fi
  base_arg=(--build-arg "BASE=$rootfs_tag")
fi
docker build -q "${base_arg[@]}" --label "$inputs_label=$hash" -t "$tag" "$context" >/dev/null
echo "built $tag"
