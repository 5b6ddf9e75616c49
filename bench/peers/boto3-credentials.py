"""Credentials of a profile through boto3, for bench/run.mjs: prints the access key id.

  python3 boto3-credentials.py PROFILE [--cli-cache]

--cli-cache gives botocore's assume-role and SSO providers the AWS CLI's file cache
(~/.aws/cli/cache, a JSONFileCache), as the AWS CLI itself does; without it boto3
keeps credentials in memory only, so every new process fetches them again.
"""
import os
import sys

import boto3
from botocore.credentials import JSONFileCache

profile = sys.argv[1]
session = boto3.Session(profile_name=profile)
if "--cli-cache" in sys.argv:
    cache = JSONFileCache(os.path.expanduser(os.path.join("~", ".aws", "cli", "cache")))
    resolver = session._session.get_component("credential_provider")
    for name in ("assume-role", "sso"):
        resolver.get_provider(name).cache = cache
creds = session.get_credentials().get_frozen_credentials()
print(creds.access_key)
