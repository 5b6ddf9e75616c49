#!/usr/bin/env bash
# Runs every test of tempkey on a fresh machine: system packages, npm packages,
# type check, then the whole vitest suite under a private D-Bus session with a
# real gnome-keyring (for the OS keyring backend tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
exec dbus-run-session -- bash scripts/with-keyring.sh ./node_modules/.bin/vitest run "$@"
