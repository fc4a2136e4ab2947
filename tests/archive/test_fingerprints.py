"""The archive carries translation fingerprints: an import keeps a Chinese translation's state, and
the JSON is canonical (sorted keys inside JSON fields) whatever order the database gives them in."""

import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, ArticleImage, Section, Tag
from articles.translations.status import article_status
from tests.factories import make_article, make_image

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_picture_encodings")]


def document(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("stories.json"))


def empty_site() -> None:
    Article.objects.all().delete()
    Tag.objects.all().delete()
    Section.objects.all().delete()


def outdated_story() -> Article:
    """A story whose English headline and image caption changed after they were translated."""
    article = make_article(title_en="Chip exports rise", title_zh_hans="芯片出口增长")
    image = make_image(article, caption_en="A wafer", caption_zh_hans="一片晶圆")
    article = Article.objects.get(pk=article.pk)
    article.title_en = "Chip exports rise again"
    article.save()
    image = ArticleImage.objects.get(pk=image.pk)
    image.caption_en = "A wafer, close up"
    image.save()
    return Article.objects.get(pk=article.pk)


def test_an_outdated_translation_stays_outdated_after_export_and_import(tmp_path):
    article = outdated_story()
    before = article_status(article).fields
    assert before["title"] == "outdated" and before["image 1 caption"] == "outdated"
    assert before["dek"] == "done"
    path = tmp_path / "stories.zip"
    call_command("export_stories", str(path), verbosity=0)
    empty_site()

    call_command("import_stories", str(path), verbosity=0)
    imported = Article.objects.get(slug=article.slug)
    assert imported.pk != article.pk  # a new row, made by the import
    after = article_status(Article.objects.prefetch_related("images").get(pk=imported.pk)).fields
    assert after == before
    assert imported.translation_sources["title"]["text"] == "Chip exports rise"
    assert imported.images.get().translation_sources["caption"]["text"] == "A wafer"
    assert Article.objects.outdated_translation().filter(pk=imported.pk).exists()

    again = tmp_path / "again.zip"
    call_command("export_stories", str(again), verbosity=0)
    assert zipfile.ZipFile(again).read("stories.json") == zipfile.ZipFile(path).read("stories.json")


def test_keys_inside_json_fields_are_sorted_in_the_archive(tmp_path):
    article = make_article()
    # Keys stored in an order no sort gives (PostgreSQL's jsonb orders them shortest first).
    names = ("why_it_matters", "title", "dek")
    sources = {name: {"text": article.title_en, "hash": "0" * 64} for name in names}
    Article.objects.filter(pk=article.pk).update(translation_sources=sources)
    path = tmp_path / "stories.zip"
    call_command("export_stories", str(path), verbosity=0)
    raw = zipfile.ZipFile(path).read("stories.json").decode()
    record = document(path)["stories"][0]
    assert list(record["translation_sources"]) == ["dek", "title", "why_it_matters"]
    assert list(record["translation_sources"]["dek"]) == ["hash", "text"]
    assert list(record)[:2] == ["slug", "section"]  # records keep their readable order
    assert raw.endswith("}\n")


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"title": {"hash": "abc", "text": "x"}}, "translation_sources.title"),
        ({"nonsense": {"hash": "0" * 64, "text": "x"}}, "translation_sources.nonsense"),
        ({"title": "not an object"}, "translation_sources.title"),
    ],
)
def test_a_malformed_fingerprint_is_refused_by_field(tmp_path, value, field):
    make_article(title_en="Fingerprint check story")
    path = tmp_path / "stories.zip"
    call_command("export_stories", str(path), verbosity=0)
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    data = json.loads(files["stories.json"])
    data["stories"][0]["translation_sources"] = value
    files["stories.json"] = json.dumps(data).encode()
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    titles = sorted(Article.objects.values_list("title_en", "translation_sources"))
    with pytest.raises(CommandError, match=f"field “{field}”"):
        call_command("import_stories", str(bad), verbosity=0)
    assert sorted(Article.objects.values_list("title_en", "translation_sources")) == titles
