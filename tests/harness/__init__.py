"""The one harness for real servers: gunicorn app servers, scratch databases, a small HTTP client.

Used by the multi-server tests and by the benchmarks in ``bench/`` (which import it from here;
tests import nothing from ``bench/``).
"""
