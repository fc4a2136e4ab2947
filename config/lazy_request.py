"""Sessions, the user and message storage made on first use, not on every request.

Django's session, authentication and message middlewares give every request a session store, a
lazy user, an async user getter and a message storage before the view runs, whether it reads them
or not: about five microseconds a request, most of a trivial view's middleware budget. Here the
request's class is swapped, once per request, for a subclass of its own class in which those four
attributes are cached properties: the same objects, built when something first reads them. Code
that assigns them (``login()`` sets ``request.user``) writes the instance's dict as before, and
``"session" in request.__dict__`` tells the response step whether the session was ever made.
"""

from functools import partial
from importlib import import_module

from django.conf import settings
from django.contrib.auth.middleware import auser, get_user
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, cached_property, empty

from config.snapshot import snapshot

KNOWN_HOSTS = 64  # validated Host headers remembered per process (see _get_host)


def _session(request):
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(request.COOKIES.get(settings.SESSION_COOKIE_NAME))


def _user(request):
    return SimpleLazyObject(lambda: get_user(request))  # as AuthenticationMiddleware: lazy itself


def _auser(request):
    return partial(auser, request)


def _messages(request):
    # Lazy itself too: every template's messages context processor reads it, reader pages never
    # show a message, and building the cookie and session storages costs more than the rest here.
    return SimpleLazyObject(lambda: default_storage(request))


def _scheme(request):
    # Django's property, read once: it depends only on the WSGI environment and settings.
    return HttpRequest.scheme.fget(request)


def _get_host(request):
    """Django's ``get_host`` (with its ALLOWED_HOSTS check), remembered for the Host header it read.

    The common step validates the host on every request and the view asks again for every absolute
    URL; a changed header (the page cache writes its canonical form) is validated afresh. Hosts that
    passed are also remembered per process until a setting changes (``config.snapshot``), at most
    ``KNOWN_HOSTS`` of them; a refused host is checked, and refused, every time.
    """
    header = (request.META.get("HTTP_HOST"), request.META.get("HTTP_X_FORWARDED_HOST"))
    known = request.__dict__.get("_validated_host")
    if known is not None and known[0] == header:
        return known[1]
    passed = snapshot().valid_hosts
    host = passed.get(header) if header != (None, None) else None
    if host is None:
        host = HttpRequest.get_host(request)  # without a Host header it also reads SERVER_NAME and the port
        if header != (None, None) and len(passed) < KNOWN_HOSTS:
            passed[header] = host
    request.__dict__["_validated_host"] = (header, host)
    return host


_classes: dict[type, type] = {}


def make_lazy(request) -> None:
    """Give ``request`` lazily built ``session``, ``user``, ``auser`` and ``_messages``, and a ``scheme``
    and host worked out once (the security step, the CSRF check and every absolute URL read them)."""
    base = type(request)
    lazy = _classes.get(base)
    if lazy is None:
        attributes = {
            "session": _session,
            "user": _user,
            "auser": _auser,
            "_messages": _messages,
            "scheme": _scheme,
        }
        namespace = {name: cached_property(function) for name, function in attributes.items()}
        namespace["__module__"] = __name__
        namespace["get_host"] = _get_host
        lazy = _classes[base] = type(f"Lazy{base.__name__}", (base,), namespace)
    request.__class__ = lazy
    if not request.META.get("HTTP_COOKIE"):
        request.__dict__["COOKIES"] = {}  # what parsing an absent Cookie header gives, without parsing


def made(request, name: str) -> bool:
    """Return True if the request's ``name`` attribute was built (or assigned) during the request
    (for the message storage: used, not merely handed to a template)."""
    value = request.__dict__.get(name, empty)
    if isinstance(value, SimpleLazyObject):
        return value._wrapped is not empty
    return value is not empty
