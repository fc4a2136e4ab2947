"""Django's and django-axes' middleware checks, run as if SiteMiddleware's folded steps were listed.

``config.stack.SiteMiddleware`` does the work of SecurityMiddleware, XFrameOptionsMiddleware,
CsrfViewMiddleware and AxesMiddleware, but the libraries' checks look for those names in
``MIDDLEWARE``: without them, the checks of HSTS, the HTTPS redirect, nosniff, X-Frame-Options,
the referrer and opener policies and the CSRF cookie would pass without looking. These run the same
check functions with the folded names added, so ``check --deploy`` judges the settings as strictly
as it would with the stock stack. The "missing middleware" warnings themselves are silenced in
settings (``SILENCED_SYSTEM_CHECKS``), and replaced by one check that SiteMiddleware is listed.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks.security import base, csrf
from django.test.utils import override_settings

SITE_MIDDLEWARE = "config.stack.SiteMiddleware"
FOLDED_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "axes.middleware.AxesMiddleware",
)
DEPLOY_CHECKS = (
    base.check_sts,
    base.check_sts_include_subdomains,
    base.check_sts_preload,
    base.check_content_type_nosniff,
    base.check_ssl_redirect,
    base.check_xframe_deny,
    base.check_referrer_policy,
    base.check_cross_origin_opener_policy,
    csrf.check_csrf_cookie_secure,
)


def _as_if_listed(checks, app_configs, **kwargs) -> list:
    if SITE_MIDDLEWARE not in settings.MIDDLEWARE:
        return []
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, *FOLDED_MIDDLEWARE]):
        return [message for check in checks for message in check(app_configs, **kwargs)]


@register(Tags.security)
def check_site_middleware(app_configs, **kwargs) -> list:
    """The silenced "missing middleware" warnings hold only while SiteMiddleware does their work."""
    if SITE_MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [
        Error(
            f"{SITE_MIDDLEWARE} is not in MIDDLEWARE, but security.W001, W002, W003 and axes.W002 are "
            "silenced on the understanding that it is.",
            hint="List it in MIDDLEWARE, or list Django's and django-axes' middlewares and drop the "
            "silenced checks.",
            id="guozhen.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_folded_security(app_configs, **kwargs) -> list:
    return _as_if_listed(DEPLOY_CHECKS, app_configs, **kwargs)
