"""Django's per-request state (active language, time zone, URL prefix, connections) read cheaply.

Django keeps the active language, the active time zone, the script prefix and the URL configuration
in ``asgiref.local.Local`` objects, and its database and cache connections in thread-critical ones.
asgiref defines them with ``__getattr__``, which Python calls only after the normal attribute lookup
has failed, so every read first builds and discards an ``AttributeError`` (twice for a default
Local: the outer object and its storage), takes a lock, and for a thread-critical Local also raises
and catches ``RuntimeError`` from ``asyncio.get_running_loop()``. A read costs about 2 µs on these
machines, and a story page reads them some 150 times: ``gettext``, ``reverse``, modeltranslation's
field descriptors and ``connections[alias]`` all do.

``install()`` (called from ``config/apps.py`` before any request) puts in their place objects
with the same behaviour read through ``__getattribute__``, about 0.1 µs a read:

- ``ContextLocal`` for ``Local()``: the values live in a ``ContextVar`` holding a dict that is copied
  on every write, exactly as asgiref's ``_CVar`` stores them; so a value is per thread in sync code,
  per task in async code, and carried into and back out of ``sync_to_async`` / ``async_to_sync``
  (asgiref copies contexts and restores changed context variables, ours included).
- ``ThreadCriticalLocal`` for ``Local(thread_critical=True)``: a ``threading.local`` in sync code,
  and one ``ContextLocal`` per thread in async code, as asgiref's own.

Python 3.14's ``sys.flags.thread_inherit_context`` (on by default in free-threaded builds) starts
threads with a copy of their parent's context; asgiref 3.10+ tags its storage with the owning
thread for that case. Ours does not, so ``install()`` leaves asgiref's Locals alone when the flag is
set. ``tests/deployment/test_context_locals.py`` checks both kinds across threads, tasks and
asgiref's sync/async bridges.
"""

import sys
import threading
from asyncio import _get_running_loop
from contextvars import ContextVar

from asgiref.local import Local


def _context_local_class(name: str) -> type:
    """A class whose one instance keeps its attributes in a ContextVar of its own."""
    var: ContextVar[dict] = ContextVar(name)
    get = var.get

    class ContextLocal:
        __slots__ = ()

        def __getattribute__(self, key):
            data = get(None)
            if data is not None and key in data:
                return data[key]
            raise AttributeError(key)

        def __setattr__(self, key, value):
            data = get(None)
            data = dict(data) if data else {}
            data[key] = value
            var.set(data)

        def __delattr__(self, key):
            data = get(None)
            if not data or key not in data:
                raise AttributeError(key)
            data = dict(data)
            del data[key]
            var.set(data)

        def __repr__(self):
            return f"<ContextLocal {name}>"

    ContextLocal.__qualname__ = ContextLocal.__name__ = "ContextLocal"
    return ContextLocal


def context_local(name: str):
    """A drop-in ``asgiref.local.Local()`` (``thread_critical=False``)."""
    return _context_local_class(name)()


def thread_critical_local(name: str):
    """A drop-in ``asgiref.local.Local(thread_critical=True)``."""
    per_thread = threading.local()

    def storage():
        if _get_running_loop() is None:
            return per_thread
        try:
            return per_thread.in_async
        except AttributeError:
            per_thread.in_async = context_local(f"{name}.async")
            return per_thread.in_async

    class ThreadCriticalLocal:
        __slots__ = ()

        def __getattribute__(self, key):
            return getattr(storage(), key)

        def __setattr__(self, key, value):
            setattr(storage(), key, value)

        def __delattr__(self, key):
            delattr(storage(), key)

        def __repr__(self):
            return f"<ThreadCriticalLocal {name}>"

    return ThreadCriticalLocal()


def install() -> bool:
    """Swap Django's Locals for the fast ones; return False (and change nothing) where the thread
    semantics could differ. Call it before any request: values already set are not carried over."""
    if getattr(sys.flags, "thread_inherit_context", False):
        return False
    from django.core.cache import caches
    from django.db import connections
    from django.urls import base as urls_base
    from django.utils import timezone
    from django.utils.translation import trans_real

    for module, attribute in (
        (trans_real, "_active"),
        (timezone, "_active"),
        (urls_base, "_prefixes"),
        (urls_base, "_urlconfs"),
    ):
        if type(getattr(module, attribute)).__module__ == Local.__module__:
            setattr(module, attribute, context_local(f"{module.__name__}.{attribute}"))
    for handler, name in ((connections, "connections"), (caches, "caches")):
        if type(handler._connections).__module__ == Local.__module__:
            old = handler._connections
            handler._connections = thread_critical_local(f"django.{name}")
            # Connections this thread already opened (asgiref keeps them in a threading.local).
            for alias, value in vars(object.__getattribute__(old, "_storage")).items():
                if alias != "cvar":
                    setattr(handler._connections, alias, value)
    return True
