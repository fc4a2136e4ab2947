"""The client's address for login throttling (django-axes' AXES_CLIENT_IP_CALLABLE).

Behind ``DJANGO_PROXY_COUNT`` = N reverse proxies, each of which appends the address it received
the request from to ``X-Forwarded-For`` (nginx's ``$proxy_add_x_forwarded_for``, load balancers),
the client is the Nth address from the right: everything to its left came from the client and may
be forged. With N = 0 only the TCP peer (``REMOTE_ADDR``) counts and the header is ignored.

Why not django-ipware, which axes uses by default: with a proxy count of 1, python-ipware 4 wants
the header to hold two addresses and returns no address at all for the one address a single nginx
sends, so axes recorded every client behind the proxy as the same "None", and five wrong passwords
from anywhere locked the account for everyone.
"""

import ipaddress

from django.conf import settings


def _address(entry: str) -> str | None:
    """Return entry as a normalised IP address, tolerating a port ("1.2.3.4:80", "[::1]:80")."""
    entry = entry.strip()
    candidates = [entry]
    if entry.startswith("[") and "]" in entry:
        candidates.append(entry[1 : entry.index("]")])
    elif entry.count(":") == 1:
        candidates.append(entry.split(":")[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_ip(request) -> str | None:
    """Return the address login failures are counted against."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.GUOZHEN_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        # Fewer entries than proxies: the request did not come through all of them (a probe, a
        # misconfiguration). The nearest peer is the only address we can trust.
        return remote
    return _address(hops[-count]) or remote
