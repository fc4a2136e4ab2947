"""Create the Editors and Translators groups with their permissions.

On a fresh database the permissions do not exist yet (Django creates them after all migrations,
in post_migrate), so this migration creates them for the app first.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("article", "articleimage", "tag", "section")
ROLES = {
    "Editors": ("add", "change", "delete", "view"),
    "Translators": ("change", "view"),
}


def create_roles(apps, schema_editor):
    alias = schema_editor.connection.alias
    create_permissions(global_apps.get_app_config("articles"), verbosity=0, apps=apps, using=alias)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in ROLES.items():
        group, _ = Group.objects.using(alias).get_or_create(name=name)
        codenames = [f"{action}_{model}" for action in actions for model in MODELS]
        permissions = Permission.objects.using(alias).filter(
            content_type__app_label="articles", codename__in=codenames
        )
        if permissions.count() != len(codenames):
            raise RuntimeError(f"Permissions for the {name} group could not be created.")
        group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
