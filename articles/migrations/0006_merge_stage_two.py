"""Joins the migrations of this stage's features, each written on its own branch (no operations)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_harden"),
        ("articles", "0005_editor"),
        ("articles", "0005_bylines"),
        ("articles", "0005_preview"),
        ("articles", "0005_hooks"),
        ("articles", "0005_desk"),
    ]

    operations = []
