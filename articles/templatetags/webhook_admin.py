"""``{% webhook_notice %}``: the admin index tells editors which webhook endpoints were switched off."""

from django import template

from articles.outbox import health

register = template.Library()


@register.inclusion_tag("admin/articles/includes/webhook_notice.html", takes_context=True)
def webhook_notice(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("articles.view_webhookendpoint"):
        return {"endpoints": []}
    return {"endpoints": list(health.switched_off()[:10])}
