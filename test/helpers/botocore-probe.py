"""What botocore (the AWS CLI's parser and provider chain) makes of a profile.
usage: botocore-probe.py PROFILE key:NAME | credentials | session:NAME:KEY
prints JSON: {"value": ...} or {"error": "ExceptionName"}."""
import json
import sys

import botocore.session

profile, what = sys.argv[1], sys.argv[2]
try:
    session = botocore.session.Session()
    if what == "credentials":
        session.set_config_variable("profile", profile)
        creds = session.get_credentials()
        value = creds.method if creds else None
    elif what.startswith("session:"):
        _, name, key = what.split(":", 2)
        value = session.full_config.get("sso_sessions", {}).get(name, {}).get(key)
    else:
        value = session.full_config["profiles"].get(profile, {}).get(what.split(":", 1)[1])
    print(json.dumps({"value": value}))
except Exception as e:  # the test compares the exception's name
    print(json.dumps({"error": type(e).__name__}))
