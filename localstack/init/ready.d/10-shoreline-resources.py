# LocalStack READY hook: creates the buckets listed in Shoreline's resources.json.
# Shoreline itself does this through the S3 API once the emulator is healthy, so the hook is only for running
# the LocalStack image by hand (see localstack/README.md for the two mounts). LocalStack runs *.py hooks
# in its own Python, where boto3 is installed.
import json
import os

import boto3

path = os.environ.get("SHORELINE_RESOURCES", "/etc/localstack/shoreline/resources.json")
port = os.environ.get("GATEWAY_LISTEN", ":4566").split(",")[0].rsplit(":", 1)[-1]
with open(path) as f:
    wanted = [b if isinstance(b, str) else b["name"] for b in json.load(f).get("buckets", [])]
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
have = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
for name in wanted:
    if name not in have:
        s3.create_bucket(Bucket=name)
        print(f"shoreline: created bucket {name}")
