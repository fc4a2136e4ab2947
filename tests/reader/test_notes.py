"""Corrections, clarifications and updates: the notes box, the corrections page, the "updated" rules."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from tests.admin.test_locking import client_for, open_form, save
from tests.factories import (
    make_article,
    make_note,
    make_staff_user,
    make_superuser,
    make_tag,
    translator_data,
)
from tests.reader.pages import json_ld, page, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_by_default():
    with translation.override("en"):
        yield


def modified_time(html: str) -> str:
    (found,) = re.findall(r'<meta property="article:modified_time" content="([^"]*)">', html)
    return found


def lastmod(client, slug: str) -> str:
    root = ET.fromstring(client.get("/sitemap-stories.xml").content)
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    node = next(n for n in root.findall("sm:url", ns) if f"/stories/{slug}/" in n.find("sm:loc", ns).text)
    return node.find("sm:lastmod", ns).text


def feed_updated(client, slug: str) -> str:
    feed = feedparser.parse(client.get(url("articles:feed-atom")).content)
    return next(entry.updated for entry in feed.entries if entry.link.endswith(f"/stories/{slug}/"))


def at(day: str, hour: int = 9):
    return timezone.make_aware(timezone.datetime.fromisoformat(f"{day}T{hour:02d}:00:00"))


def test_notes_box_lists_notes_newest_first_with_dates_in_the_readers_language(client):
    story = make_article(slug="noted", hours_ago=24 * 10)
    make_note(story, kind="update", text_en="Adds the maker's reply.", text_zh_hans="补充了厂商的回应。")
    make_note(
        story,
        kind="correction",
        text_en="The chip has 8 cores, not 6.",
        text_zh_hans="该芯片有8个核心，而非6个。",
    )
    story.notes.update(noted_at=at("2026-11-20"))
    story.notes.filter(kind="update").update(noted_at=at("2026-12-01"))
    english = page(client, url("articles:detail", slug="noted"))
    box = english[english.index('<aside class="story-notes"') :]
    assert '<h2 id="notes-heading" class="story-notes__title">Corrections and updates</h2>' in box
    assert box.index("Update,") < box.index("Correction,")
    assert (
        '<strong>Correction, <time datetime="2026-11-20T01:00:00Z">Nov. 20, 2026</time>:</strong> '
        "<span>The chip has 8 cores, not 6.</span>"
    ) in box
    assert english.index('class="story-notes"') < english.index('class="story__body"')
    chinese = page(client, url("articles:detail", "zh-hans", slug="noted"))
    assert (
        '<strong>更正，<time datetime="2026-11-20T01:00:00Z">2026年11月20日</time>：</strong> '
        "<span>该芯片有8个核心，而非6个。</span>"
    ) in chinese
    assert "更正与更新" in chinese and "The chip has" not in chinese


def test_an_untranslated_note_is_shown_in_english_marked_lang_en_on_the_chinese_page(client):
    story = make_article(slug="half-noted")
    make_note(story, text_en="The launch was in May.", text_zh_hans="")
    chinese = page(client, url("articles:detail", "zh-hans", slug="half-noted"))
    assert '<span lang="en">The launch was in May.</span>' in chinese
    assert '<span lang="en">' not in page(client, url("articles:detail", slug="half-noted"))
    # The note's Chinese is missing, so the story is back in the translators' queue.
    assert Article.objects.needs_translation().filter(pk=story.pk).exists()
    assert Article.objects.missing_translation().filter(pk=story.pk).exists()


def test_a_story_without_notes_has_no_box_and_no_updated_line(client):
    make_article(slug="quiet")
    html = page(client, url("articles:detail", slug="quiet"))
    assert "story-notes" not in html and "meta__updated" not in html
    assert "correction" not in json_ld(html)


def test_json_ld_carries_corrections_but_not_updates(client):
    story = make_article(slug="corrected")
    make_note(story, kind="correction", text_en="Fixed the launch date.")
    make_note(story, kind="update", text_en="Added a chart.", hours_ago=0.1)
    data = json_ld(page(client, url("articles:detail", slug="corrected")))
    (correction,) = data["correction"]
    assert correction["@type"] == "CorrectionComment" and correction["text"] == "Fixed the launch date."
    assert correction["datePublished"] == story.notes.get(kind="correction").noted_at.isoformat()


def test_corrections_page_lists_public_notes_newest_first_with_their_story(client):
    older = make_article(title_en="Older corrected fab story", slug="older-fab")
    newer = make_article(title_en="Newer updated model story", slug="newer-model")
    hidden = make_article(status="draft", hours_ago=None, title_en="Draft with a note")
    make_note(older, text_en="Older note text here.", hours_ago=5)
    make_note(newer, kind="update", text_en="Newer note text here.", hours_ago=1)
    make_note(hidden, text_en="Draft note must stay hidden.")
    html = page(client, url("articles:corrections"))
    assert html.index("Newer note text here.") < html.index("Older note text here.")
    assert '<a href="/en/stories/older-fab/">Older corrected fab story</a>' in html
    assert "Draft note must stay hidden." not in html and "Draft with a note" not in html
    chinese = page(client, url("articles:corrections", "zh-hans"))
    assert '<h1 class="listing__title">更正与更新</h1>' in chinese
    assert '<span lang="en">Newer note text here.</span>' in chinese
    assert 'href="/en/corrections/"' in page(client, url("articles:index"))  # linked from the footer


def test_empty_corrections_page_says_so(client):
    html = page(client, url("articles:corrections"))
    assert "No corrections or updates yet." in html and '<meta name="robots" content="noindex">' in html


# --- When is a story "updated"? -------------------------------------------------------------------


def signals(client, slug):
    html = page(client, url("articles:detail", slug=slug))
    return {
        "dateModified": json_ld(html)["dateModified"],
        "modified_time": modified_time(html),
        "lastmod": lastmod(client, slug),
        "feed": feed_updated(client, slug),
        "updated_line": "meta__updated" in html,
    }


def test_a_typo_fix_a_tag_change_and_a_translators_save_move_no_update_time(client):
    story = make_article(slug="typo-story", hours_ago=48)
    # The form keeps times to the second; start there so the editor's save changes no publish time.
    story.published_at = story.published_at.replace(microsecond=0)
    story.save()
    before = signals(client, "typo-story")
    assert not before["updated_line"]
    assert before["dateModified"] == story.published_at.isoformat()
    editor = client_for(make_superuser("edna"))
    form = open_form(editor, story)
    assert save(editor, story, {**form, "title_en": "Typo story, fixed"}).status_code == 302
    tag = make_tag()
    form = open_form(editor, story)
    assert save(editor, story, {**form, "tags": [str(tag.pk)]}).status_code == 302
    translator = client_for(make_staff_user("Translators"))
    story.refresh_from_db()
    data = translator_data(story, title_zh_hans="错别字已改")
    assert translator.post(reverse("admin:articles_article_change", args=[story.pk]), data).status_code == 302
    story.refresh_from_db()
    assert story.title_zh_hans == "错别字已改" and story.updated_at > story.published_at
    assert signals(client, "typo-story") == before


def test_a_note_added_in_the_admin_moves_every_update_time_and_shows_updated(client):
    story = make_article(slug="noted-later", hours_ago=48)
    editor = client_for(make_superuser("nora"))
    form = open_form(editor, story)
    noted = timezone.localtime() - timedelta(minutes=5)
    form.update(
        {
            "notes-TOTAL_FORMS": "1",
            "notes-0-kind": "correction",
            "notes-0-text_en": "The funding round was $20m.",
            "notes-0-text_zh_hans": "",
            "notes-0-noted_at_0": noted.strftime("%Y-%m-%d"),
            "notes-0-noted_at_1": noted.strftime("%H:%M:%S"),
        }
    )
    assert save(editor, story, form).status_code == 302
    story.refresh_from_db()
    assert story.substantive_update_at == noted.replace(microsecond=0)
    after = signals(client, "noted-later")
    assert after["dateModified"] == story.substantive_update_at.isoformat()
    assert after["modified_time"] == story.substantive_update_at.isoformat()
    assert after["lastmod"] == timezone.localtime(story.substantive_update_at).date().isoformat()
    assert after["updated_line"]
    assert feedparser.parse(client.get(url("articles:feed-atom")).content).entries[0].updated_parsed


def test_the_substantive_update_checkbox_moves_the_time_and_an_unticked_save_does_not(client):
    story = make_article(slug="checkbox-story", hours_ago=48)
    editor = client_for(make_superuser("ulla"))
    form = open_form(editor, story)
    assert save(editor, story, {**form, "body_en": "Rewritten without the box."}).status_code == 302
    story.refresh_from_db()
    assert story.substantive_update_at is None
    form = open_form(editor, story)
    assert (
        save(editor, story, {**form, "body_en": "New facts.", "substantive_update": "on"}).status_code == 302
    )
    story.refresh_from_db()
    assert story.is_updated() and timezone.now() - story.substantive_update_at < timedelta(minutes=1)
    html = page(client, url("articles:detail", slug="checkbox-story"))
    assert '<span class="meta__updated">Updated <time datetime="' in html
    assert json_ld(html)["dateModified"] == story.substantive_update_at.isoformat()


def test_updated_is_shown_only_when_later_than_the_publish_time(client):
    story = make_article(slug="scheduled-later", hours_ago=1)
    Article.objects.filter(pk=story.pk).update(substantive_update_at=story.published_at - timedelta(hours=3))
    html = page(client, url("articles:detail", slug="scheduled-later"))
    assert "meta__updated" not in html
    assert json_ld(html)["dateModified"] == story.published_at.isoformat()
