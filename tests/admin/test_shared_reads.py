"""What the admin reads once and shows in several places still shows right (articles/admin/shared_reads.py).

The story form takes its images, notes and credits from one read each, the tags and authors in its
autocomplete boxes from the rows it already holds, and the writer and translator lists from one
read; the translation queue reads its three story parts in one query. All through HTTP.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AutosaveDraft, EditingPresence
from articles.translations.queue import story_queue
from tests.admin.test_locking import open_form
from tests.factories import (
    change_url,
    credit,
    make_article,
    make_author,
    make_image,
    make_note,
    make_staff_user,
    make_superuser,
    make_tag,
)

pytestmark = pytest.mark.django_db


def options(html: str, name: str) -> list[tuple[str, str, bool]]:
    """The (value, label, selected) of each option of the select called ``name``."""
    select = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return [
        (value, label.strip(), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select.group(1)
        )
    ]


def full_story(writer=None):
    """A story with two tags, two bylines, a translator credit, two notes and two images."""
    story = make_article(
        tags=[make_tag(slug="zebra", name_en="Zebra"), make_tag(slug="apple", name_en="Apple")]
    )
    Article.objects.filter(pk=story.pk).update(writer=writer)
    first, second, translator = (
        make_author(name_en="Ada First"),
        make_author(name_en="Bo Second"),
        make_author(),
    )
    credit(story, second, position=2)
    credit(story, first, position=1)
    credit(story, translator, role="translator")
    make_note(story, hours_ago=2, text_en="The older note.")
    make_note(story, hours_ago=1, text_en="The newer note.")
    make_image(story, position=2, caption_en="Second picture")
    make_image(story, position=1, caption_en="First picture")
    return story, (first, second, translator)


def queries_for(client, url: str) -> int:
    client.get(url)  # warm per-process and per-session caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_story_form_shows_tags_credits_notes_images_and_people_from_one_read_each(client):
    writer = make_staff_user("Editors", "wendy")
    story, (first, second, translator) = full_story(writer)
    make_staff_user("Translators", "tess")
    client.force_login(make_superuser("edna"))
    html = client.get(change_url(story)).content.decode()

    tag_ids = {tag.slug: str(tag.pk) for tag in story.tags.all()}
    assert options(html, "tags") == [(tag_ids["apple"], "Apple", True), (tag_ids["zebra"], "Zebra", True)]
    assert options(html, "credits-0-author") == [(str(first.pk), "Ada First", True)]
    assert options(html, "credits-1-author") == [(str(second.pk), "Bo Second", True)]
    assert options(html, "credits-2-0-author") == [(str(translator.pk), translator.name, True)]
    people = writer._meta.model.objects.order_by("username")
    staff = [("", "---------")] + [(str(u.pk), u.username) for u in people]
    assert [(v, label) for v, label, _ in options(html, "writer")] == staff
    assert [(v, label) for v, label, _ in options(html, "translator")] == staff
    assert [v for v, _, selected in options(html, "writer") if selected] == [str(writer.pk)]
    assert html.index("First picture") < html.index("Second picture")
    assert html.index("The newer note.") < html.index("The older note.")
    assert 'name="images-TOTAL_FORMS" value="2"' in html and 'name="notes-TOTAL_FORMS" value="2"' in html


def test_the_story_form_costs_the_same_however_much_the_story_holds(client):
    """Tags, credits, notes, images, someone else editing and one's own autosave cost no query more."""
    bare = make_article()
    full, _authors = full_story(make_staff_user("Editors"))
    now = timezone.now()
    EditingPresence.objects.create(user=make_superuser("other"), article=full, opened_at=now, seen_at=now)
    for user in (make_superuser("edna"), make_staff_user("Translators")):
        AutosaveDraft.objects.create(user=user, article=full, fields={"title_zh_hans": "尚未保存的标题"})
        client.force_login(user)
        assert queries_for(client, change_url(full)) == queries_for(client, change_url(bare)), user
        page = client.get(change_url(full)).content.decode()
        assert "other is editing this story" in page and "尚未保存的标题" in page


def test_a_refused_save_shows_what_was_posted_in_the_inlines(client):
    """A bound form (a POST) builds its inlines from the posted rows, not from the GET's copy."""
    story, _authors = full_story()
    client.force_login(make_superuser("edna"))
    data = open_form(client, story)
    caption = next(key for key, value in data.items() if value == "First picture")
    note = next(key for key, value in data.items() if value == "The newer note.")
    data.update({"title_en": "", caption: "A caption being typed", note: "A note being typed"})
    response = client.post(change_url(story), data)
    assert response.status_code == 200  # refused: the headline is required
    html = response.content.decode()
    assert "A caption being typed" in html and "A note being typed" in html
    assert options(html, "credits-0-author")[0][2] and options(html, "tags")


def test_reopening_after_two_minutes_away_starts_a_new_visit_and_a_fresh_one_keeps_it(client):
    story = make_article()
    editor = make_superuser("edna")
    client.force_login(editor)
    client.get(change_url(story))
    first = EditingPresence.objects.get(user=editor)
    client.get(change_url(story))
    again = EditingPresence.objects.get(user=editor)
    assert again.opened_at == first.opened_at and again.seen_at > first.seen_at
    long_ago = timezone.now() - timedelta(minutes=5)
    EditingPresence.objects.update(opened_at=long_ago, seen_at=long_ago)
    client.get(change_url(story))
    assert EditingPresence.objects.get(user=editor).opened_at > long_ago
    assert EditingPresence.objects.count() == 1


def test_the_queue_keeps_each_parts_order_and_counts_past_its_limit(client):
    now, today = timezone.now(), timezone.localdate()

    def untranslated(**kwargs):
        return make_article(title_zh_hans="", **kwargs).title_en

    scheduled = [untranslated(hours_ago=-h) for h in (30, 10, 20)]
    planned = [
        untranslated(status="draft", hours_ago=None, planned_for=today + timedelta(days=d)) for d in (3, 1, 2)
    ]
    published = [untranslated(hours_ago=h) for h in (5, 1, 3)]
    make_article(status="review", hours_ago=None, title_zh_hans="")  # no planned date: not in the queue
    assert Article.objects.scheduled().count() == 3 and Article.objects.published().count() == 3 and now

    parts = story_queue(limit=2)
    titles = {name: [row.article.title_en for row in part.rows] for name, part in parts.items()}
    assert titles == {
        "scheduled": [scheduled[1], scheduled[2]],  # soonest first
        "planned": [planned[1], planned[2]],  # planned soonest first
        "published": [published[1], published[2]],  # newest first
    }
    assert {name: (part.total, part.truncated) for name, part in parts.items()} == {
        name: (3, True) for name in ("scheduled", "planned", "published")
    }

    client.force_login(make_superuser("edna"))
    html = client.get(reverse("admin:articles_translation_queue")).content.decode()
    order = [scheduled[1], scheduled[2], scheduled[0], planned[1], planned[2], planned[0]]
    order += [published[1], published[2], published[0]]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Scheduled: 3 stories" in html and "Planned: 3 stories" in html and "Published: 3 stories" in html
