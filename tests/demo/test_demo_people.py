"""The demo's people: four invented authors, bylines, translator credits, types and notes."""

import pytest
from django.core.management import call_command

from articles.demo import people
from articles.models import Article, Author, Credit, StoryNote

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_picture_encodings")]


def test_demo_credits_types_and_notes(client):
    call_command("load_demo", no_accounts=True)
    assert Author.objects.count() == 4
    assert all(author.image and author.renditions.get("files") for author in Author.objects.all())
    assert all(
        link.startswith("https://") and ".example." in link for a in people.AUTHORS for link in a["links"]
    )
    stories = list(Article.objects.all())
    assert all(story.credits.filter(role="byline").exists() for story in stories)
    translated = [story for story in stories if story.credits.filter(role="translator").exists()]
    assert len(translated) * 2 >= len(stories)
    assert Article.objects.filter(story_type="analysis").exists()
    assert Article.objects.filter(story_type="opinion").exists()
    kinds = set(StoryNote.objects.values_list("kind", flat=True))
    assert {"correction", "update"} <= kinds
    assert not StoryNote.objects.filter(text_zh_hans="").exists()
    corrected = StoryNote.objects.get(kind="correction").article
    assert corrected.is_updated()
    html = client.get(f"/zh-hans/stories/{corrected.slug}/").content.decode()
    assert "作者：" in html and "译者：" in html and "更正，" in html
    assert client.get("/en/authors/mara-lindqvist/").status_code == 200
    assert "Arizona, not Texas" in client.get("/en/corrections/").content.decode()


def test_loading_the_demo_again_adds_no_credits_or_notes():
    call_command("load_demo", no_accounts=True)
    first = (Author.objects.count(), Credit.objects.count(), StoryNote.objects.count())
    call_command("load_demo", no_accounts=True)
    assert (Author.objects.count(), Credit.objects.count(), StoryNote.objects.count()) == first
