"""whoami for the interop suite: boto3 resolves the profile in AWS_PROFILE its
own way (AWS_ENDPOINT_URL reaches its internal SSO/STS clients) and asks STS
who it is. INTEROP_FILE_CACHE=1 attaches botocore's JSONFileCache (the AWS
CLI's ~/.aws/cli/cache) to the assume-role and SSO providers, the way a boto3
program shares the CLI's cache."""
import os
import sys

import boto3
import botocore.session
from botocore.credentials import JSONFileCache

core = botocore.session.Session()
if os.environ.get("INTEROP_FILE_CACHE") == "1":
    resolver = core.get_component("credential_provider")
    # JSONFileCache() alone is ~/.aws/boto/cache; the AWS CLI passes its own folder.
    cli_cache = JSONFileCache(os.path.expanduser(os.path.join("~", ".aws", "cli", "cache")))
    for name in ("assume-role", "sso"):
        resolver.get_provider(name).cache = cli_cache
try:
    arn = boto3.Session(botocore_session=core).client("sts").get_caller_identity()["Arn"]
except Exception as e:  # the suite reads the message
    print(f"{type(e).__name__}: {e}", file=sys.stderr)
    sys.exit(1)
print(arn)
