"""Scratch PostgreSQL databases on the local server (127.0.0.1), created for a test and dropped after."""

import secrets
from contextlib import contextmanager

import pytest

from tests.harness.servers import reachable

SERVER = "postgres://postgres@127.0.0.1:5432"


def _admin():
    import psycopg

    return psycopg.connect(f"{SERVER}/postgres", autocommit=True)


@contextmanager
def scratch_database(prefix: str = "ops_scratch"):
    """Yield the URL of a new, empty database; drop it afterwards."""
    if not reachable("127.0.0.1", 5432):
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    name = f"{prefix}_{secrets.token_hex(4)}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER}/{name}"
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
