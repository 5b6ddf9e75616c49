#!/usr/bin/env bash
# Inside a dbus-run-session: start gnome-keyring's Secret Service with an
# unlocked login collection, then run the given command.
set -euo pipefail
export TEMPKEY_TEST_KEYRING=1
eval "$(printf 'tempkey-test' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
exec "$@"
