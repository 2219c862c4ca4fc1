#!/usr/bin/env bash
# Dev aid: runs build/ide-runtime in a sandbox container hardened like the default profile and
# serves it at http://127.0.0.1:$PORT/w/$NAME/ through a prefix-stripping proxy (like the gateway).
#   scripts/try-sandbox.sh [NAME=abc] [PORT=8080]     (Ctrl-C stops the proxy and removes the container)
# Env: IMAGE (ide-sandbox-base:latest), SECRET (a random one), KEEP_VOLUME=1 keeps the workspace volume.
set -euo pipefail
cd "$(dirname "$0")/.."
NAME=${1:-abc}
PORT=${2:-8080}
IMAGE=${IMAGE:-ide-sandbox-base:latest}
SECRET=${SECRET:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}
RUNTIME=$PWD/build/ide-runtime
RUN_DIR=${TMPDIR:-/tmp}/ide-try-$NAME/run
CONTAINER=ide-try-$NAME
VOLUME=ide-try-$NAME-workspace

[ -x "$RUNTIME/node" ] || { echo "build/ide-runtime is missing: npm run build" >&2; exit 1; }
docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
mkdir -p "$RUN_DIR" && chown 1000:1000 "$RUN_DIR" && chmod 700 "$RUN_DIR"
docker volume create "$VOLUME" >/dev/null

cleanup() {
    [ -n "${PROXY_PID:-}" ] && kill "$PROXY_PID" 2>/dev/null || true
    docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
    [ "${KEEP_VOLUME:-}" = 1 ] || docker volume rm "$VOLUME" >/dev/null 2>&1 || true
}
trap cleanup EXIT

started=$(date +%s%N)
docker run -d --name "$CONTAINER" --init \
    --network none --read-only --cap-drop ALL --security-opt no-new-privileges \
    --user 1000:1000 --tmpfs /tmp --tmpfs /home/ide:uid=1000,gid=1000,mode=700 -e HOME=/home/ide \
    -e IDE_SANDBOX_SECRET="$SECRET" -e IDE_WORKSPACE_NAME="$NAME" -e IDE_PROFILE=default -e IDE_DASHBOARD_URL=/ \
    -v "$RUNTIME":/opt/ide:ro -v "$RUN_DIR":/run/ide -v "$VOLUME":/workspace \
    --pids-limit 512 --memory 2g "$IMAGE" /opt/ide/node /opt/ide/sandbox-entry.js >/dev/null

until curl -sf --unix-socket "$RUN_DIR/ide.sock" -H "x-ide-sandbox-secret: $SECRET" http://sandbox/.ide/ready >/dev/null; do
    if [ "$(docker inspect -f '{{.State.Running}}' "$CONTAINER")" != true ]; then docker logs "$CONTAINER"; exit 1; fi
    sleep 0.1
done
echo "ready after $(( ($(date +%s%N) - started) / 1000000 )) ms (container $(docker inspect -f '{{.Config.Hostname}}' "$CONTAINER"))"
node scripts/try-sandbox-proxy.mjs "$RUN_DIR/ide.sock" "$PORT" "/w/$NAME" "$SECRET" &
PROXY_PID=$!
docker logs -f "$CONTAINER" &
wait "$PROXY_PID"
