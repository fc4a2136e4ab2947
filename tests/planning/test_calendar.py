"""The planning calendar: week and month views by day in the user's zone, filters, Chinese, no script."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, UserPreferences
from tests.factories import make_article, make_section, make_staff_user

pytestmark = pytest.mark.django_db

CALENDAR = "admin:articles_calendar"


def day_cell(page: str, day: date) -> str:
    """The HTML of the calendar cell for ``day``."""
    cells = re.findall(r'<td class="gz-day[^"]*">(.*?)</td>', page, flags=re.S)
    for cell in cells:
        if f'datetime="{day.isoformat()}"' in cell:
            return cell
    raise AssertionError(f"no cell for {day}")


def test_week_view_puts_planned_scheduled_and_published_stories_on_their_days(admin_client):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    planned = make_article(status="draft", hours_ago=None, planned_for=monday, title_en="Planned robot piece")
    scheduled = make_article(status="published", hours_ago=-24 * 365, title_en="Scheduled far away")
    make_article(
        status="review", hours_ago=None, planned_for=monday + timedelta(days=30), title_en="Next month plan"
    )
    make_article(status="draft", hours_ago=None, title_en="Unplanned idea")
    published = make_article(status="published", hours_ago=0.01, title_en="Fresh chip story")

    page = admin_client.get(reverse(CALENDAR)).content.decode()
    assert "Planned robot piece" in day_cell(page, monday)
    assert "Fresh chip story" in day_cell(page, timezone.localdate(published.published_at))
    for absent in ("Scheduled far away", "Next month plan", "Unplanned idea"):
        assert absent not in page
    cell = day_cell(page, monday)
    assert "Planned" in cell and "Draft" in cell and "Chinese: complete" in cell
    assert reverse("admin:articles_article_change", args=[planned.pk]) in cell

    far = timezone.localdate(scheduled.published_at)
    later = admin_client.get(reverse(CALENDAR), {"view": "month", "date": far.isoformat()}).content.decode()
    assert "Scheduled far away" in day_cell(later, far)
    assert "Scheduled" in day_cell(later, far)
    assert "<script>" not in page and "style=" not in page


def test_days_follow_the_users_time_zone(client):
    editor = make_staff_user("Editors")
    UserPreferences.objects.create(user=editor, time_zone="America/Los_Angeles")
    client.force_login(editor)
    # 03:00 on 10 March in Shanghai is still 9 March in Los Angeles.
    moment = datetime(2027, 3, 10, 3, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    story = make_article(status="published", title_en="Timezone edge story")
    Article.objects.filter(pk=story.pk).update(published_at=moment)
    page = client.get(reverse(CALENDAR), {"date": "2027-03-09"}).content.decode()
    assert "Timezone edge story" in day_cell(page, date(2027, 3, 9))
    assert "Timezone edge story" not in day_cell(page, date(2027, 3, 10))
    assert "America/Los_Angeles" in page
    assert 'datetime="2027-03-09T11:00:00-0800"' in page


def test_filters_by_section_writer_and_translator(admin_client):
    day = date(2027, 5, 12)
    writer, translator = make_staff_user("Editors"), make_staff_user("Translators")
    tech = make_section()
    make_article(status="draft", hours_ago=None, planned_for=day, writer=writer, title_en="Written by them")
    make_article(
        status="draft", hours_ago=None, planned_for=day, translator=translator, title_en="Translated by them"
    )
    make_article(
        status="draft", hours_ago=None, planned_for=day, section=tech, title_en="In the tech section"
    )
    base = {"view": "month", "date": day.isoformat()}

    def shown(**filters):
        page = admin_client.get(reverse(CALENDAR), {**base, **filters}).content.decode()
        return {t for t in ("Written by them", "Translated by them", "In the tech section") if t in page}

    assert shown() == {"Written by them", "Translated by them", "In the tech section"}
    assert shown(writer=writer.pk) == {"Written by them"}
    assert shown(translator=translator.pk) == {"Translated by them"}
    assert shown(section=tech.pk) == {"In the tech section"}


def test_month_view_has_whole_weeks_and_keyboard_links(admin_client):
    page = admin_client.get(reverse(CALENDAR), {"view": "month", "date": "2027-02-10"}).content.decode()
    # February 2027 starts on a Monday and ends on a Sunday: four whole weeks.
    assert page.count('<td class="gz-day') == 28
    assert (
        'rel="prev"' in page
        and 'rel="next"' in page
        and "date=2027-01-01" in page
        and "date=2027-03-01" in page
    )
    assert '<th scope="col">Monday</th>' in page
    week = admin_client.get(reverse(CALENDAR), {"view": "week", "date": "2027-02-10"}).content.decode()
    assert week.count('<td class="gz-day') == 7


def test_a_chinese_user_gets_the_calendar_in_chinese(client):
    translator = make_staff_user("Translators")
    client.force_login(translator)
    make_article(status="draft", hours_ago=None, planned_for=date(2027, 6, 1), title_en="Chinese view story")
    page = client.get(
        reverse(CALENDAR), {"date": "2027-06-01"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "规划日历" in page and "计划" in page and "星期一" in page
    assert "Planning calendar" not in page


def test_people_without_story_access_cannot_see_it(client):
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user("plainstaff", is_staff=True)
    client.force_login(nobody)
    assert client.get(reverse(CALENDAR)).status_code == 403


def test_the_admin_index_leads_to_the_calendar_and_the_settings(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert reverse(CALENDAR) in page and reverse("admin:articles_my_settings") in page


def test_the_calendar_costs_the_same_for_many_stories(admin_client, django_assert_max_num_queries):
    writer = make_staff_user("Editors")
    day = date(2027, 7, 14)
    for n in range(3):
        make_article(status="draft", hours_ago=None, planned_for=day, writer=writer, title_en=f"Few {n}")
    with django_assert_max_num_queries(20) as few:
        admin_client.get(reverse(CALENDAR), {"view": "month", "date": day.isoformat()})
    for n in range(30):
        make_article(status="review", hours_ago=None, planned_for=day, writer=writer, title_en=f"Many {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = admin_client.get(reverse(CALENDAR), {"view": "month", "date": day.isoformat()})
    assert "33 stories in this view." in page.content.decode()
