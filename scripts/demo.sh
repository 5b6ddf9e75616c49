#!/usr/bin/env bash
# The tempkey tour on a local sandbox AWS (moto + the tempkey emulator): no real
# AWS is touched. Needs no root: node, npm and the preinstalled Python tools
# (moto_server, the AWS CLI v1) are all it uses. Installs its npm packages, starts `tempkey sandbox`, then walks
# both paths: IAM Identity Center (login, profiles sync, exec in two accounts)
# and an IAM user with MFA (keys into the vault, one MFA code for every role).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
bash scripts/check-tools.sh
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build

DIR=$(mktemp -d "${TMPDIR:-/tmp}/tempkey-demo-XXXXXX")
node bin/tempkey.js sandbox --auto-approve --dir "$DIR" > "$DIR/sandbox.log" 2>&1 &
SANDBOX=$!
cleanup() {
  kill "$SANDBOX" 2>/dev/null || true
  wait "$SANDBOX" 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT

# The sandbox writes its environment when it is ready (bounded wait).
for _ in $(seq 1 300); do
  [ -s "$DIR/sandbox.env" ] && break
  kill -0 "$SANDBOX" 2>/dev/null || { cat "$DIR/sandbox.log" >&2; exit 1; }
  sleep 0.2
done
[ -s "$DIR/sandbox.env" ] || { echo "demo: the sandbox did not start within 60 s" >&2; cat "$DIR/sandbox.log" >&2; exit 1; }
head -1 "$DIR/sandbox.log"
# shellcheck disable=SC1091
source "$DIR/sandbox.env"

tempkey() { node "$ROOT/bin/tempkey.js" "$@"; }
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

echo
echo "== IAM Identity Center =="
step tempkey login --sso-session sandbox
tempkey login --sso-session sandbox
step tempkey profiles sync
tempkey profiles sync
step tempkey profiles list
tempkey profiles list
step tempkey exec apps-devstg-devops -- aws sts get-caller-identity
tempkey exec apps-devstg-devops -- aws sts get-caller-identity --output text
step tempkey exec apps-prd-readonlyaccess -- aws sts get-caller-identity
tempkey exec apps-prd-readonlyaccess -- aws sts get-caller-identity --output text

echo
echo "== IAM user with MFA =="
step tempkey credentials configure --profile acme-security --credentials-file "$DIR/alice_accessKeys.csv"
tempkey credentials configure --profile acme-security --credentials-file "$DIR/alice_accessKeys.csv"
step tempkey explain acme-apps-devstg-devops
tempkey explain acme-apps-devstg-devops
step tempkey whoami acme-apps-devstg-devops "   # one MFA code (from the sandbox's authenticator)"
tempkey whoami acme-apps-devstg-devops
step tempkey whoami acme-shared-devops "        # same MFA session: no new code"
tempkey whoami acme-shared-devops
step tempkey exec acme-apps-prd-devops -- aws sts get-caller-identity "   # a third account, still no new code"
tempkey exec acme-apps-prd-devops -- aws sts get-caller-identity --output text

echo
echo "== When something is wrong =="
step tempkey doctor apps-devstg-devops
tempkey doctor apps-devstg-devops
step tempkey console apps-devstg-devops --url "   # a federated console sign-in link"
tempkey console apps-devstg-devops --url | cut -c1-110
echo

step tempkey logout
tempkey logout
echo
echo "Tour done. Run './scripts/demo.sh' again any time; 'tempkey sandbox' keeps a sandbox running for your own tries."
