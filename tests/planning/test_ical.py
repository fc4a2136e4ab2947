"""The private iCal feed: made and revoked on the settings page, parsed with icalendar."""

import re
from datetime import date, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import UserPreferences
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db

FEED_RE = re.compile(r'class="gz-feed-url" href="https?://[^/]+(/calendar/[^"]+\.ics)"')


def make_feed(client) -> str:
    response = client.post(reverse("admin:articles_calendar_token"), follow=True)
    found = FEED_RE.search(response.content.decode())
    assert found, "the message shows the new feed address once"
    return found.group(1)


def events(client, path) -> dict[str, icalendar.Event]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]).split(": ", 1)[1]: e for e in calendar.walk("VEVENT")}


def test_a_writers_feed_has_their_stories_and_an_editors_has_everything_planned(client):
    writer, translator = make_staff_user("Editors"), make_staff_user("Translators")
    writer.groups.clear()  # a writer who is not an editor
    planned_day = timezone.localdate() + timedelta(days=3)
    mine = make_article(
        status="draft", hours_ago=None, planned_for=planned_day, writer=writer, title_en="My plan"
    )
    make_article(status="published", hours_ago=-48, translator=translator, title_en="Their scheduled one")
    make_article(status="review", hours_ago=None, planned_for=planned_day, title_en="Unassigned plan")
    make_article(status="draft", hours_ago=None, writer=writer, title_en="Undated idea")

    client.force_login(writer)
    path = make_feed(client)
    client.logout()
    feed = events(client, path)  # no session: the token is the credential
    assert set(feed) == {"My plan"}
    event = feed["My plan"]
    assert event.decoded("dtstart") == planned_day and isinstance(event.decoded("dtstart"), date)
    assert str(event["url"]).endswith(reverse("admin:articles_article_change", args=[mine.pk]))
    assert "Status: Draft" in str(event["description"])

    client.force_login(translator)
    assert set(events(client, make_feed(client))) == {"Their scheduled one"}

    editor = make_staff_user("Editors")
    client.force_login(editor)
    everything = events(client, make_feed(client))
    assert set(everything) == {"My plan", "Their scheduled one", "Unassigned plan"}
    scheduled = everything["Their scheduled one"].decoded("dtstart")
    assert abs(scheduled - (timezone.now() + timedelta(hours=48))) < timedelta(minutes=1)
    assert scheduled.utcoffset() == timedelta(0)  # UTC: valid without a VTIMEZONE block


def test_a_new_address_stops_the_old_one_and_revoking_stops_it(client):
    editor = make_staff_user("Editors")
    client.force_login(editor)
    first = make_feed(client)
    second = make_feed(client)
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    token = second.rsplit("/", 1)[1][: -len(".ics")]
    assert token not in str(UserPreferences.objects.values().get())  # stored as a hash only

    client.post(reverse("admin:articles_calendar_token"), {"revoke": "1"})
    assert client.get(second).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    page = client.get(reverse("admin:articles_my_settings")).content.decode()
    assert "You have no feed address yet." in page


def test_the_feed_is_in_the_users_language(client):
    editor = make_staff_user("Editors")
    UserPreferences.objects.create(user=editor, language="zh-hans")
    make_article(
        status="draft",
        hours_ago=None,
        planned_for=timezone.localdate(),
        title_en="Feed story",
        title_zh_hans="订阅报道",
    )
    client.force_login(editor)
    path = make_feed(client)
    calendar = icalendar.Calendar.from_ical(client.get(path).content)
    (event,) = calendar.walk("VEVENT")
    assert "订阅报道" in str(event["summary"]) and "计划" in str(event["summary"])
    assert "状态" in str(event["description"])
