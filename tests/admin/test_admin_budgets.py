"""Query budgets of the editors' admin pages, the same at 10 stories as at 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_article, make_image, make_section, make_staff_user, make_superuser, make_tag

# Issue 20's budgets, with every feature of the admin at work, the same at 10 stories as at 200.
# Measured when set: story list 11, story form 14, translator's form 13, queue 10, calendar 9.
BUDGETS = {
    "story list": 12,
    "story form": 15,
    "translator's form": 15,
    "translation queue": 10,
    "calendar": 10,
}


def fill(count: int) -> list:
    section = make_section()
    tags = [make_tag() for _ in range(3)]
    stories = []
    for n in range(count):
        chinese = "" if n % 2 else "中文标题"  # half the stories wait in the translation queue
        stories.append(make_article(section=section, tags=tags[: n % 3 + 1], title_zh_hans=chinese))
    for story in stories[:10]:
        make_image(story, position=1)
    return stories


def measure(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("count", [10, 200])
def test_admin_pages_stay_within_their_query_budgets(db, client, count):
    stories = fill(count)
    story = stories[0]
    editor = make_superuser(f"editor-{count}")
    translator = make_staff_user("Translators", f"translator-{count}")
    change = reverse("admin:articles_article_change", args=[story.pk])
    pages = {
        "story list": (editor, reverse("admin:articles_article_changelist")),
        "story form": (editor, change),
        "translator's form": (translator, change),
        "translation queue": (editor, reverse("admin:articles_translation_queue")),
        "calendar": (editor, reverse("admin:articles_calendar")),
    }
    counts = {}
    for name, (user, url) in pages.items():
        client.force_login(user)
        measure(client, url)  # the first request warms per-process caches (content types, permissions)
        counts[name] = measure(client, url)
    over = {name: (counts[name], budget) for name, budget in BUDGETS.items() if counts[name] > budget}
    assert not over, f"queries (measured, budget) at {count} stories: {over}"
