"""A real SMTP server on 127.0.0.1 (aiosmtpd) and the real worker command, for the mail tests."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command


class Inbox:
    """What the SMTP server received: one parsed message per DATA, with its envelope recipients."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m.envelope_to]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    """Django's SMTP backend aimed at 127.0.0.1 on a free port (nothing listens until a server starts)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 5
    settings.GUOZHEN_SITE_URL = "https://news.example.com"
    return settings


def start_server(port: int):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return inbox, controller


@pytest.fixture
def inbox(smtp_settings):
    inbox, controller = start_server(smtp_settings.EMAIL_PORT)
    yield inbox
    controller.stop()


def run_worker(**options):
    """Run the real ``db_worker`` command until the mail queue has nothing ready, then return."""
    call_command(
        "db_worker",
        "--queue-name",
        "mail",
        "--batch",
        "--interval",
        "0",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
        **options,
    )
