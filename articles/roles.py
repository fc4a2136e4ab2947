"""The two editorial roles, Editors and Translators, as permission groups.

Migration 0002_roles creates them on every database (with its own frozen copy of this list);
``ensure_roles()`` repairs them at run time, e.g. for ``load_demo`` after ``flush``.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

EDITORS = "Editors"
TRANSLATORS = "Translators"

ROLE_MODELS = ("article", "articleimage", "tag", "section", "author", "credit", "storynote")
ROLE_ACTIONS = {
    EDITORS: ("add", "change", "delete", "view"),
    # The field-level rule (Chinese fields only) is enforced by articles/admin/translators.py.
    TRANSLATORS: ("change", "view"),
}
# Editors also manage webhook endpoints and read the delivery log (migration 0005_hooks).
EDITOR_WEBHOOK_PERMISSIONS = (
    "add_webhookendpoint",
    "change_webhookendpoint",
    "delete_webhookendpoint",
    "view_webhookendpoint",
    "change_delivery",
    "view_delivery",
    "view_deliveryattempt",
)


def ensure_roles() -> dict[str, Group]:
    """Create the groups if needed and give each at least its permissions; return them by name."""
    for model in (*ROLE_MODELS, "webhookendpoint", "delivery", "deliveryattempt"):
        ContentType.objects.get_or_create(app_label="articles", model=model)
    groups = {}
    for name, actions in ROLE_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [f"{action}_{model}" for action in actions for model in ROLE_MODELS]
        if name == EDITORS:
            codenames += EDITOR_WEBHOOK_PERMISSIONS
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )
        groups[name] = group
    return groups


def group_names(user) -> frozenset[str]:
    """Return the names of the user's groups, read once per request (cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_gz_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._gz_group_names = cached
    return cached


def is_translator(user) -> bool:
    """Return True if the user may change only the Chinese side (a Translator who is not an Editor).

    Superusers and Editors edit everything. The answer is cached on the user for the request.
    """
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    names = group_names(user)
    return TRANSLATORS in names and EDITORS not in names
