"""The Content-Security-Policy header: django-csp's policy, built once, written without its middleware.

Guozhen's policy never varies by request: no nonces (pages are cached whole, see FACTS) and no
per-view policies. django-csp rebuilds the header from the settings on every response; here the
header is built once per settings change (``config.headers``) and added where the view set none.
A view marked with one of django-csp's decorators, or a setting only django-csp understands
(excluded prefixes, a report-only policy), goes through django-csp's own middleware code.
"""

from csp.middleware import CSPMiddleware

from config import headers
from config.snapshot import snapshot

# Attributes django-csp's view decorators (csp_exempt, csp_update, csp_replace, csp) set on a response.
CSP_MARKS = frozenset(
    (
        "_csp_exempt",
        "_csp_update",
        "_csp_replace",
        "_csp_config",
        "_csp_exempt_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_config_ro",
    )
)
_library = CSPMiddleware(lambda request: None)


def add_frame_and_policy(request, response, framed: bool) -> None:
    """XFrameOptionsMiddleware's and django-csp's headers (one write when both are the usual ones)."""
    if snapshot().DEBUG and response.status_code in (404, 500):
        # Django's debug pages use inline styles, as django-csp allows for
        if framed:
            headers.add_missing(response, (headers.frame_header(),))
        return
    if not headers.csp_is_simple() or not CSP_MARKS.isdisjoint(vars(response)):
        if framed:
            headers.add_missing(response, (headers.frame_header(),))
        _library.process_response(request, response)
        return
    headers.add_missing(response, headers.frame_and_csp() if framed else headers.csp_only())
