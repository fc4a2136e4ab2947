"""Upgrades: a small database made by an earlier schema, migrated to the current one (test_upgrade.py)."""
