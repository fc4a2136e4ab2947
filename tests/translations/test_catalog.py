"""The Chinese catalog is complete: makemessages on a scratch copy finds nothing untranslated or fuzzy.

A new English string without its Chinese fails here, so the Chinese UI stays complete.
"""

import shutil
import subprocess
import sys

import pytest
from django.conf import settings

SOURCES = ("articles", "config", "templates", "locale", "static", "manage.py")
CATALOG = "locale/zh_Hans/LC_MESSAGES/django.po"


def entries(po_text: str) -> list[str]:
    """Return the msgids of a PO file's entries, without its header."""
    return [line for line in po_text.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


@pytest.fixture(scope="module")
def refreshed_catalog(tmp_path_factory):
    """Copy the project to a scratch folder and run makemessages there (the real catalog is untouched)."""
    root = tmp_path_factory.mktemp("catalog")
    for name in SOURCES:
        source = settings.BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(source, root / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans"],
        cwd=root,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    return root / CATALOG


def msgattrib(po, *options) -> str:
    return subprocess.run(["msgattrib", *options, str(po)], check=True, capture_output=True, text=True).stdout


def test_makemessages_finds_no_untranslated_string(refreshed_catalog):
    assert entries(msgattrib(refreshed_catalog, "--untranslated", "--no-obsolete")) == []


def test_makemessages_finds_no_fuzzy_string(refreshed_catalog):
    assert entries(msgattrib(refreshed_catalog, "--only-fuzzy", "--no-obsolete")) == []


def test_the_scratch_catalog_holds_our_strings(refreshed_catalog):
    """The check above is not vacuous: the refreshed catalog has the admin's strings, translated."""
    text = refreshed_catalog.read_text()
    assert 'msgid "Chinese %(field)s"' in text and 'msgstr "中文%(field)s"' in text
    assert len(entries(msgattrib(refreshed_catalog, "--translated", "--no-obsolete"))) > 200


def test_a_new_untranslated_string_is_found(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Fresh"\nmsgstr ""\n'
    )
    assert entries(msgattrib(po, "--untranslated")) == ['msgid "Fresh"']
