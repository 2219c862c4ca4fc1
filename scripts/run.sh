#!/usr/bin/env bash
# The product in one command: prepares the host, builds, and starts the gateway on :8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-host.sh
exec node backend/dist/src/main.js
