#!/usr/bin/env bash
# Checks the preinstalled Python tools the sandbox and the demo use (no root,
# nothing installed): moto_server (the local STS/IAM/Organizations), botocore
# and boto3, and the AWS CLI v1 on PATH.
set -euo pipefail
missing=()
command -v python3 >/dev/null 2>&1 || missing+=("python3")
command -v moto_server >/dev/null 2>&1 || missing+=("moto_server (pip install 'moto[server]')")
python3 -c 'import botocore, boto3' 2>/dev/null || missing+=("botocore/boto3 (pip install boto3)")
command -v aws >/dev/null 2>&1 || missing+=("AWS CLI v1 on PATH (pip install awscli)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "check-tools: missing preinstalled tools: ${missing[*]}" >&2
  echo "These come with the machine image; install them with pip and re-run." >&2
  exit 1
fi
