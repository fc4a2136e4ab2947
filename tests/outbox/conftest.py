import socket

import pytest

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Nothing in these tests may reach an address other than 127.0.0.1 (payload URLs are never fetched)."""
    connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOOPBACK:
            raise AssertionError(f"a test tried to connect to {address}")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def quick_retries(settings):
    """Retries a tenth of a second apart, so a test sees a day's behaviour in a second."""
    settings.GUOZHEN_WEBHOOK_RETRY_BASE = 0.05
    settings.GUOZHEN_WEBHOOK_RETRY_MAX_DELAY = 0.2
    settings.GUOZHEN_WEBHOOK_TIMEOUT = 2
    settings.GUOZHEN_SITE_URL = "https://news.example.org"
    settings.GUOZHEN_WEBSUB_HUB = ""
    settings.GUOZHEN_INDEXNOW_ENDPOINT = ""
    return settings


@pytest.fixture
def endpoint(db):
    from articles import services
    from articles.models import EventType, WebhookEndpoint

    return services.create_endpoint(
        endpoint=WebhookEndpoint(url="http://127.0.0.1:9/hook", events=list(EventType.values))
    )
