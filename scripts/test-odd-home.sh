#!/usr/bin/env bash
# Runs test files with every temporary directory (and so every test's HOME,
# ~/.aws, vault, caches and locks) under a path with spaces and non-ASCII
# letters, as on Windows and WSL laptops ("C:\Users\Zoë Öztürk",
# "/mnt/c/Users/..."). Tests make their homes with mkdtemp(tmpdir()), and
# tmpdir() follows TMPDIR.
#   scripts/test-odd-home.sh                      # the default subset below
#   scripts/test-odd-home.sh test/exec.test.ts    # chosen files
#   scripts/test-odd-home.sh --all                # the whole suite
set -euo pipefail
cd "$(dirname "$0")/.."
files=("$@")
if [ "${1:-}" = "--all" ]; then
  files=()
elif [ ${#files[@]} -eq 0 ]; then
  files=(
    test/platforms-wsl.test.ts
    test/credentials-configure.test.ts
    test/credential-process-line.test.ts
    test/credential-process-hot-path.test.ts
    test/iam-mfa-chains.test.ts
    test/exec.test.ts
    test/doctor.test.ts
    test/profiles-sync.test.ts
    test/sso-login.test.ts
    test/leverage.test.ts
    test/sandbox.test.ts
    test/picker-completion.test.ts
    src/core/credentials/export-env.test.ts
    src/vault/vault.test.ts
    src/files/ini-file.test.ts
  )
fi
base=$(mktemp -d "${TMPDIR:-/tmp}/tempkey odd home Zoë Öz 日本 XXXXXX")
trap 'rm -rf "$base"' EXIT
echo "TMPDIR=$base" >&2
status=0
TMPDIR="$base" dbus-run-session -- bash scripts/with-keyring.sh ./node_modules/.bin/vitest run --maxWorkers=1 ${files[@]+"${files[@]}"} || status=$?
exit $status
