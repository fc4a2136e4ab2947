"""A small HTTP client for talking to real app servers on 127.0.0.1 like a browser would.

Cookies are kept by hand because production cookies are ``Secure`` and the servers are reached over
plain HTTP with ``X-Forwarded-Proto: https`` (as from a TLS-terminating proxy), which a standard cookie
jar would refuse to send back. Forms are read from the HTML, so a POST sends what a browser would.
"""

import http.client
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Session:
    """One visitor of one server: its own cookies, every request marked as arriving over HTTPS."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> Response:
        parts = urlsplit(self.base_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
        origin = f"https://{parts.netloc}"
        sent = {"Host": parts.netloc, "X-Forwarded-Proto": "https", "Accept-Language": "en"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent.update({"Origin": origin, "Referer": origin + path})
        sent.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            data = raw.read()
            received = {}
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    for morsel in SimpleCookie(value).values():
                        if morsel["max-age"] == "0" or not morsel.value:
                            self.cookies.pop(morsel.key, None)
                        else:
                            self.cookies[morsel.key] = morsel.value
                received[name.lower()] = value
            return Response(raw.status, received, data)
        finally:
            connection.close()

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: list[tuple[str, str]]) -> Response:
        body = urlencode(fields).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def submit(self, path: str, form_id: str, changes: dict[str, str] | None = None, extra=()) -> Response:
        """GET a page, fill its form as a browser would, change some fields, POST it back."""
        page = self.get(path)
        if page.status != 200:
            raise AssertionError(f"GET {path} answered {page.status}")
        fields = read_form(page.text, form_id)
        if fields is None:
            raise AssertionError(f"no form #{form_id} on {path}")
        changes = changes or {}
        merged = [(name, changes.get(name, value)) for name, value in fields]
        merged += [(name, value) for name, value in changes.items() if name not in dict(fields)]
        return self.post(path, merged + list(extra))

    def admin_login(self, admin_path: str, username: str, password: str) -> Response:
        login = f"{admin_path}login/"
        response = self.submit(
            f"{login}?next={admin_path}", "login-form", {"username": username, "password": password}
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            raise AssertionError(f"admin login failed with {response.status}: {response.text[:500]}")
        return response


class _FormReader(HTMLParser):
    """Collect the successful controls of one form: what a browser would submit (minus files)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            self.found = self.found or self.inside
            return
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._options, self._multiple = name, [], "multiple" in a
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not self._multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields.extend((self._select, value) for value in chosen)
            self._select = None


def read_form(html: str, form_id: str) -> list[tuple[str, str]] | None:
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.fields if reader.found else None
