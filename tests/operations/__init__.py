"""Tests of backups, restores, the move to PostgreSQL, upgrades and crashes (articles/operations/)."""
