#!/usr/bin/env bash
# Installs what tempkey's tests need from outside npm, on a fresh Debian
# machine (the demo needs none of it: it runs scripts/check-tools.sh only): a real Chromium (browser flows), gnome-keyring + dbus (Secret
# Service for keyring tests), the Debian AWS CLI v2 (compatibility checks), zsh and
# fish (the completion scripts are tested in those shells), and the other official
# clients of the interop suite (test/interop): Go + Debian's AWS SDK for Go v2 sources
# (programs are built offline against /usr/share/gocode) and Ruby's aws-sdk-core.
# Python, moto_server and botocore are expected preinstalled; check-tools.sh checks them.
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v gnome-keyring-daemon >/dev/null 2>&1 || need_apt+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || need_apt+=(dbus dbus-bin)
command -v secret-tool >/dev/null 2>&1 || need_apt+=(libsecret-tools)
[ -x /usr/bin/aws ] || need_apt+=(awscli)
# zsh and fish: the completion scripts are tested in the shells themselves.
command -v zsh >/dev/null 2>&1 || need_apt+=(zsh)
command -v fish >/dev/null 2>&1 || need_apt+=(fish)
# Interop clients: Go SDK v2 (Debian's 1.17, before sso_session support) and Ruby aws-sdk-core.
command -v go >/dev/null 2>&1 || need_apt+=(golang-go)
[ -d /usr/share/gocode/src/github.com/aws/aws-sdk-go-v2/config ] || need_apt+=(golang-github-aws-aws-sdk-go-v2-dev)
command -v ruby >/dev/null 2>&1 && ruby -e 'require "aws-sdk-core"' 2>/dev/null || need_apt+=(ruby ruby-aws-sdk-core)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup-system: need root to apt-get install: ${need_apt[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# The Python tools the demo uses too (moto_server, botocore/boto3, AWS CLI v1).
bash "$(dirname "$0")/check-tools.sh"
missing=()
command -v terraform >/dev/null 2>&1 || missing+=("terraform (with the AWS provider in a local filesystem mirror)")
# Checked after apt-get too: a package that installed but does not work is reported by name.
[ -x /usr/bin/aws ] || missing+=("AWS CLI v2 at /usr/bin/aws (apt-get install awscli)")
command -v go >/dev/null 2>&1 || missing+=("go (apt-get install golang-go)")
[ -d /usr/share/gocode/src/github.com/aws/aws-sdk-go-v2/config ] || missing+=("Go SDK v2 sources in /usr/share/gocode (apt-get install golang-github-aws-aws-sdk-go-v2-dev)")
ruby -e 'require "aws-sdk-core"' 2>/dev/null || missing+=("Ruby aws-sdk-core (apt-get install ruby-aws-sdk-core)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-system: missing preinstalled tools: ${missing[*]}" >&2
  echo "pip tools come with the machine image (pip install ...); apt packages: run this script as root." >&2
  exit 1
fi
echo "setup-system: ok (chromium, gnome-keyring, dbus, awscli v2, zsh, fish, go + aws-sdk-go-v2, ruby aws-sdk-core, terraform, moto_server, botocore)"
