"""move_site from SQLite to the local PostgreSQL: a demo site with edits, revisions, a restored
version, translator work and accounts comes out the same, page for page and byte for byte."""

import pytest

from tests.operations.postgres import scratch_database
from tests.operations.sites import Site, in_postgres_pass

pytestmark = [pytest.mark.slow, in_postgres_pass]

PASSWORDS = {"erin": "correct horse battery 1", "tao": "correct horse battery 2"}
NEWSROOM = """
import reversion
from django.contrib.auth.models import User
from django.db import transaction
from reversion.models import Version
from articles.models import Article
from articles.roles import EDITORS, TRANSLATORS, ensure_roles
from articles.services import restore_version, save_story_translation
roles = ensure_roles()
erin = User.objects.create_superuser("erin", "erin@example.com", "PW_ERIN")
tao = User.objects.create_user("tao", "tao@example.com", "PW_TAO", is_staff=True)
erin.groups.add(roles[EDITORS]); tao.groups.add(roles[TRANSLATORS])
first, second, third = Article.objects.published().order_by("slug")[:3]
for comment, field, text in [("First edit", "title_en", first.title_en + " (edited)"),
                             ("Second edit", "dek_en", "A summary rewritten by the editor.")]:
    with reversion.create_revision():
        reversion.set_user(erin); reversion.set_comment(comment)
        setattr(first, field, text); first.save()
with transaction.atomic():
    restore_version(version=Version.objects.get_for_object(first).order_by("pk")[0], by=erin)
second = Article.objects.get(pk=second.pk)
second.title_zh_hans = "译者改写的标题"
with reversion.create_revision():
    reversion.set_user(tao); reversion.set_comment("Translation")
    save_story_translation(article=second)
third = Article.objects.get(pk=third.pk)
third.body_en = third.body_en + "\\n\\nA late English paragraph."; third.save()
print(first.slug, second.slug, third.slug)
"""


def newsroom(site: Site) -> list[str]:
    code = NEWSROOM.replace("PW_ERIN", PASSWORDS["erin"]).replace("PW_TAO", PASSWORDS["tao"])
    return site.python(code).split()


def stories_json(site: Site, path) -> bytes:
    import zipfile

    site.manage("export_stories", str(path))
    return zipfile.ZipFile(path).read("stories.json")


def test_move_to_postgresql_keeps_pages_history_translations_search_and_logins(demo, tmp_path):
    edited, translated, outdated = newsroom(demo)
    logins = {**PASSWORDS, "nobody": "wrong"}
    before = demo.snapshot(state=True, logins=logins)
    with scratch_database("ops_move_target") as url:
        target = Site(tmp_path / "target", database_url=url)
        result = demo.manage("move_site", "--to", url, "--media-to", str(target.media))
        assert "Moved 10 stories, 2 users and" in result.stdout
        assert "Media: 100%" in result.stderr
        after = target.snapshot(state=True, logins=logins)

        assert after["pages"] == before["pages"]
        assert after["state"] == before["state"]
        assert target.media_files() == demo.media_files()
        # The archive is canonical: the same bytes from SQLite and from PostgreSQL.
        assert stories_json(target, tmp_path / "pg.zip") == stories_json(demo, tmp_path / "sqlite.zip")

        # A second move into the now full target is refused and writes nothing.
        again = demo.manage("move_site", "--to", url, check=False)
        assert again.returncode == 1 and "The target is not empty (articles_article (10)" in again.stderr
        assert target.snapshot(state=True, logins=logins)["state"] == before["state"]

    state = before["state"]
    assert state["logins"] == {"erin": True, "tao": True, "nobody": False}
    # Revision comments are stored as data (articles/history/comments.py) and worded when shown.
    from articles.history.comments import render

    comments = [render(comment) for _, comment, _ in state["stories"][edited]["revisions"]]
    assert any(c.startswith("Restored the version of") for c in comments) and "Second edit" in comments
    assert any(diff for diff in state["stories"][edited]["diffs"])
    assert state["stories"][translated]["revisions"][0][1:] == ["Translation", "tao"]
    assert state["stories"][outdated]["translation"]["body"] == "outdated"
    assert ["tao", "Translators"] in state["memberships"] and state["groups"]["Translators"]
    searches = [page for url, page in before["pages"].items() if "/search/" in url and page[0] == 200]
    assert len(searches) == 12


def test_move_refuses_a_target_holding_rows_and_writes_nothing(demo, tmp_path):
    with scratch_database("ops_move_busy") as url:
        busy = Site(tmp_path / "busy", database_url=url)
        busy.manage("migrate", "--noinput", "-v0")
        busy.python(
            "from articles.models import Section; Section.objects.create(slug='mine', name_en='Mine')"
        )
        result = demo.manage("move_site", "--to", url, check=False)
        assert result.returncode == 1
        assert "The target is not empty (articles_section (1)); nothing was written." in result.stderr
        out = busy.python(
            "from articles.models import Article, Section; print(Article.objects.count(), "
            "list(Section.objects.values_list('slug', flat=True)))"
        )
        assert out.split(None, 1) == ["0", "['mine']\n"]
