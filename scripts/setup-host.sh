#!/usr/bin/env bash
# Makes this Debian host ready to run and test the product; safe to re-run (each step is skipped when done):
# Debian packages, a running Docker engine, every bundled sandbox image, npm dependencies, the build.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\n== %s\n' "$*"; }

packages=(docker.io debootstrap chromium libsecret-1-dev libxkbfile-dev procps git)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  mkdir -p .tmp
  nohup dockerd >.tmp/dockerd.log 2>&1 &
  echo $! >.tmp/dockerd.pid
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -n 20 .tmp/dockerd.log; echo "dockerd did not start" >&2; exit 1; }
fi

# Every image a bundled profile names (configs/profiles.yaml): base first, the language images build on it.
for image in base $(cd sandboxes && ls -d */ | tr -d / | grep -vx -e base -e runtime -e scripts); do
  [ -f "sandboxes/$image/Dockerfile" ] || continue
  log "sandbox image $image"
  bash sandboxes/scripts/build-image.sh "$image"
done

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  PUPPETEER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund --loglevel=error
fi

log "build"
npm run build --silent
