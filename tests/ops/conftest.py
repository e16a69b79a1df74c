"""Servers the operations tests start on loopback and stop again: an S3-compatible server
(moto, pinned in requirements.txt) and a Redis of their own (never the shared one)."""

import json
import shutil
import socket
import subprocess
import time
import uuid
from types import SimpleNamespace

import pytest

S3_KEYS = {"access_key": "portal-pruebas", "secret_key": "portal-pruebas-secreto"}
S3_REGION = "us-east-1"


def public_read_policy(bucket, public_location="public"):
    """The bucket policy of the README: anyone may read CMS images, nothing else."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicCmsImages",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [
                        f"arn:aws:s3:::{bucket}/{public_location}/images/*",
                        f"arn:aws:s3:::{bucket}/{public_location}/original_images/*",
                    ],
                }
            ],
        }
    )


@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def new_bucket(endpoint: str, prefix: str = "portal"):
    """A new bucket on the local S3 server, with the portal's policy: ``(client, bucket)``."""
    import boto3

    bucket = f"{prefix}-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=S3_REGION,
        aws_access_key_id=S3_KEYS["access_key"],
        aws_secret_access_key=S3_KEYS["secret_key"],
    )
    client.create_bucket(Bucket=bucket)
    client.put_bucket_policy(Bucket=bucket, Policy=public_read_policy(bucket))
    return client, bucket


@pytest.fixture
def s3(settings, s3_server):
    """The portal on S3: a new bucket on the local server, STORAGES built by the settings' own
    ``s3_storages`` (as production does from AWS_STORAGE_BUCKET_NAME)."""
    from config.settings.base import s3_storages

    client, bucket = new_bucket(s3_server)
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(
            bucket_name=bucket, endpoint_url=s3_server, region_name=S3_REGION, addressing_style="path", **S3_KEYS
        ),
    }

    def keys(prefix=""):
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    return SimpleNamespace(endpoint=s3_server, bucket=bucket, client=client, keys=keys)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own on a free loopback port, which the test may stop and start."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server no arrancó")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server no está instalado")
    server = RedisServer()
    server.start()
    yield server
    server.stop()
