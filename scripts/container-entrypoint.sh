#!/bin/sh
# In the gateway container, sandboxes are made by the host's Docker engine, which resolves bind
# mounts on the host. So the IDE runtime and the sockets live under IDE_DATA_DIR, which compose
# mounts at the same path on both sides; the runtime is copied there when the image changes.
set -eu
runtime="$IDE_DATA_DIR/ide-runtime"
stamp="$(cat /opt/theia-sandbox-ide/build/ide-runtime/.build-id 2>/dev/null || date +%s)"
if [ "$(cat "$runtime/.build-id" 2>/dev/null || true)" != "$stamp" ]; then
  rm -rf "$runtime.new" && cp -a /opt/theia-sandbox-ide/build/ide-runtime "$runtime.new"
  rm -rf "$runtime" && mv "$runtime.new" "$runtime"
fi
export IDE_RUNTIME_DIR="$runtime"
cd /opt/theia-sandbox-ide
exec node backend/dist/src/main.js
