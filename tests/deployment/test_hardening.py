"""Hardening, round two (issue 22): previews need a permission, URL columns refuse other schemes,
unpublished tags stay hidden, login throttling behind a proxy, and max-age rounding."""

import math
import runpy
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles.models import Article, ArticleImage
from tests.factories import make_article, make_image, make_staff_user, make_tag

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


# --- 3. The preview on the public story page needs the story view permission -------------------


@pytest.mark.parametrize("status,hours_ago", [("draft", 1), ("published", -24), ("archived", 1)])
def test_staff_account_without_the_permission_cannot_preview(client, status, hours_ago):
    story = make_article(title_en="Embargoed chip export memo", status=status, hours_ago=hours_ago)
    bare_staff = get_user_model().objects.create_user("bare-staff", is_staff=True)
    client.force_login(bare_staff)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 404
    assert "Embargoed chip export memo" not in response.content.decode()


@pytest.mark.parametrize("role", ["Editors", "Translators"])
def test_roles_with_the_view_permission_still_preview(client, role):
    story = make_article(title_en="Draft memo on model licensing", status="draft")
    client.force_login(make_staff_user(role))
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft memo on model licensing" in html and 'class="preview-banner"' in html
    assert "no-store" in response["Cache-Control"]


def test_anonymous_readers_never_see_a_draft(client):
    story = make_article(title_en="Unannounced merger draft", status="draft")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 404
    assert "Unannounced merger draft" not in response.content.decode()


# --- 9. URL columns hold http/https or nothing, and pages link nothing else --------------------

HOSTILE_URLS = ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,x"]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_database_refuses_another_scheme_in_a_source_url(url):
    story = make_article(source_url="https://example.com/report")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=story.pk).update(source_url=url)
    story.refresh_from_db()
    assert story.source_url == "https://example.com/report"


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_database_refuses_another_scheme_in_a_credit_url(url):
    image = make_image(make_article())
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleImage.objects.filter(pk=image.pk).update(credit_url=url)
    image.refresh_from_db()
    assert image.credit_url == "https://example.com/"


def test_database_accepts_web_addresses_and_empty():
    story = make_article(source_url="")
    Article.objects.filter(pk=story.pk).update(source_url="HTTPS://Example.com/Report")
    Article.objects.filter(pk=story.pk).update(source_url="http://example.com/")
    image = make_image(story, credit_url="")
    ArticleImage.objects.filter(pk=image.pk).update(credit_url="https://example.org/")
    assert Article.objects.get(pk=story.pk).source_url == "http://example.com/"


def test_full_clean_names_the_rule_once():
    story = make_article()
    story.source_url = "javascript:alert(1)"
    with pytest.raises(ValidationError) as refused:
        story.full_clean()
    assert list(refused.value.message_dict) == ["source_url"]


def force_sql(table: str, constraint: str, column: str, value: str, pk: int) -> None:
    """Write value past the check constraint, as a careless data migration on an old schema might."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending FK checks
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {constraint}")  # rolled back with the test
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = OFF")


def test_a_hostile_url_forced_in_by_sql_is_rendered_as_text(client):
    story = make_article(title_en="Forced link story", source_name="Lab notes")
    image = make_image(story, credit="Photo desk")
    force_sql(
        "articles_article", "articles_article_source_url_web", "source_url", "javascript:alert(1)", story.pk
    )
    force_sql(
        "articles_articleimage",
        "articles_articleimage_credit_url_web",
        "credit_url",
        "javascript:alert(2)",
        image.pk,
    )
    assert Article.objects.get(pk=story.pk).source_url == "javascript:alert(1)"

    for language in ("en", "zh-hans"):
        with translation.override(language):
            url = story.get_absolute_url()
        html = client.get(url).content.decode()
        assert "Lab notes" in html and "Photo desk" in html  # still credited, as text
        assert "javascript:" not in html.lower()
        assert 'href="https://example.com/post"' not in html


def test_web_links_are_still_links(client):
    story = make_article(source_name="Lab notes", source_url="https://example.com/lab-report")
    make_image(story, credit="Photo desk", credit_url="https://photos.example.com/")
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<a href="https://example.com/lab-report" rel="noopener">Lab notes</a>' in html
    assert '<a href="https://photos.example.com/" rel="noopener">Photo desk</a>' in html


# --- 8. A tag used only by unpublished stories has no public page, feed or sitemap entry ---------


UNPUBLISHED = [("draft", 1), ("review", 1), ("published", -24), ("archived", 1)]


@pytest.mark.parametrize("status,hours_ago", UNPUBLISHED)
def test_a_tag_of_unpublished_stories_only_is_404_everywhere(client, status, hours_ago):
    secret = make_tag(name_en="Project Nightjar", name_zh_hans="夜鹰项目", slug="project-nightjar")
    make_article(title_en="Nightjar embargo piece", status=status, hours_ago=hours_ago, tags=[secret])
    for language in ("en", "zh-hans"):
        with translation.override(language):
            page = client.get(reverse("articles:tag", kwargs={"slug": "project-nightjar"}))
            feed = client.get(reverse("articles:tag-feed", kwargs={"slug": "project-nightjar"}))
        for response in (page, feed):
            assert response.status_code == 404
            body = response.content.decode()
            assert "Nightjar" not in body and "夜鹰" not in body
    sitemap = client.get("/sitemap-tags.xml").content.decode()
    assert "project-nightjar" not in sitemap


def test_the_tag_appears_once_a_published_story_uses_it(client):
    tag = make_tag(name_en="Project Kestrel", name_zh_hans="红隼项目", slug="project-kestrel")
    make_article(title_en="Kestrel draft", status="draft", tags=[tag])
    assert client.get(reverse("articles:tag", kwargs={"slug": "project-kestrel"})).status_code == 404
    make_article(title_en="Kestrel launch story", tags=[tag])
    page = client.get(reverse("articles:tag", kwargs={"slug": "project-kestrel"}))
    feed = client.get(reverse("articles:tag-feed", kwargs={"slug": "project-kestrel"}))
    assert page.status_code == 200 and feed.status_code == 200
    assert "Kestrel launch story" in page.content.decode() and "Kestrel draft" not in page.content.decode()
    assert "Kestrel launch story" in feed.content.decode() and "Kestrel draft" not in feed.content.decode()
    assert "/tags/project-kestrel/" in client.get("/sitemap-tags.xml").content.decode()


# --- 1. Login throttling behind a proxy (DJANGO_PROXY_COUNT) -------------------------------------

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.2"


@pytest.fixture
def desk_editor():
    return get_user_model().objects.create_user("desk-editor", password=PASSWORD, is_staff=True)


def admin_login(client, password, *, remote=PROXY, forwarded=None):
    headers = {"x_forwarded_for": forwarded} if forwarded else {}
    return client.post(
        reverse("admin:login"),
        {"username": "desk-editor", "password": password, "next": reverse("admin:index")},
        headers=headers,
        REMOTE_ADDR=remote,
    )


def test_behind_one_proxy_a_second_client_is_not_locked_out_by_the_first(desk_editor, settings):
    settings.GUOZHEN_PROXY_COUNT = 1
    attacker, editor = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(attacker, "wrong guess", forwarded="198.51.100.7")
    assert admin_login(attacker, PASSWORD, forwarded="198.51.100.7").status_code == 429
    # Forging addresses to the left of the one the proxy appended changes nothing.
    assert admin_login(attacker, PASSWORD, forwarded="203.0.113.9, 198.51.100.7").status_code == 429
    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").exists()
    assert not AccessAttempt.objects.filter(ip_address__in=[PROXY, None]).exists()

    response = admin_login(editor, PASSWORD, forwarded="203.0.113.9")
    assert response.status_code == 302
    assert editor.session["_auth_user_id"] == str(desk_editor.pk)


def test_without_a_proxy_a_forged_forwarded_for_does_not_dodge_the_lock(desk_editor, settings):
    settings.GUOZHEN_PROXY_COUNT = 0
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "wrong guess", remote="198.51.100.7", forwarded=f"203.0.113.{n + 1}")
    locked = admin_login(client, PASSWORD, remote="198.51.100.7", forwarded="192.0.2.44")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    # Another address still logs in: the lock is the pair (account, address).
    assert admin_login(Client(), PASSWORD, remote="198.51.100.99").status_code == 302


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.7", PROXY),
        (1, None, PROXY),  # not through the proxy (a probe): only the peer can be trusted
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "junk, 198.51.100.7", "198.51.100.7"),
        (1, "198.51.100.7:5123", "198.51.100.7"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "not an address", PROXY),
        (2, "203.0.113.9, 198.51.100.7, 192.0.2.1", "198.51.100.7"),
        (2, "198.51.100.7", PROXY),
    ],
)
def test_the_client_address_is_the_nth_from_the_right(rf, settings, count, forwarded, expected):
    from config.client_address import client_ip

    settings.GUOZHEN_PROXY_COUNT = count
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, **headers)) == expected


def test_gunicorn_trusts_only_x_forwarded_proto_and_only_from_the_proxy():
    from gunicorn.config import Config

    config = Config()
    for name, value in runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    # gunicorn's default also trusts X-Forwarded-Ssl and X-Forwarded-Protocol: a proxy that strips
    # only X-Forwarded-Proto would let a client claim HTTPS through one of those.
    assert config.secure_scheme_headers == {"X-FORWARDED-PROTO": "https"}
    assert config.forwarded_allow_ips == ["127.0.0.1", "::1"]


# --- Max-age does not count down to the second of a scheduled publish ---------------------------


def cache_ages(response) -> tuple[int, int]:
    parts = dict(part.strip().split("=") for part in response["Cache-Control"].split(",") if "=" in part)
    return int(parts["max-age"]), int(parts["s-maxage"])


def next_grid_point(after: float) -> float:
    """The first time after ``after`` on this deployment's minute grid (offset past each minute)."""
    from articles.caching.pages import max_age_offset

    offset = max_age_offset()
    return math.floor((after - offset) / 60) * 60 + offset + 60


@pytest.mark.parametrize("page_cache", [True, False])
def test_two_publish_times_in_the_same_minute_give_the_same_max_age(client, settings, page_cache):
    settings.GUOZHEN_PAGE_CACHE = page_cache
    settings.GUOZHEN_PAGE_MAX_AGE = settings.GUOZHEN_PAGE_SHARED_MAX_AGE = 3600
    make_article(title_en="Public piece beside a schedule")
    grid = next_grid_point(time.time() + 120)  # a minute of the grid 2-3 minutes ahead (< the cache timeout)
    seen = []
    for second in (5, 50):  # two stories due 45 s apart within the same grid minute
        story = make_article(title_en=f"Scheduled at second {second}", hours_ago=1)
        at = datetime.fromtimestamp(grid + second, tz=UTC)
        Article.objects.filter(pk=story.pk).update(published_at=at)  # exactly that second
        cache.clear()
        asked = time.time()
        ages = cache_ages(client.get("/en/"))
        seen.append((ages, asked))
        Article.objects.filter(pk=story.pk).delete()
    for (max_age, s_maxage), asked in seen:
        assert max_age == s_maxage
        assert abs(asked + max_age - grid) <= 1.5  # the page ends on the grid point, before the publish
    assert abs(seen[0][0][0] - seen[1][0][0]) <= 2  # not 45 s apart: the second is not revealed


def test_no_schedule_keeps_the_configured_max_age(client, settings):
    settings.GUOZHEN_PAGE_MAX_AGE, settings.GUOZHEN_PAGE_SHARED_MAX_AGE = 30, 120
    make_article(title_en="Nothing scheduled today")
    assert cache_ages(client.get("/en/")) == (30, 120)


def test_the_offset_is_per_deployment(settings):
    from articles.caching.pages import max_age_offset

    offsets = set()
    for n in range(20):
        settings.SECRET_KEY = f"deployment-secret-{n}-" + "x" * 50
        offsets.add(max_age_offset())
    assert len(offsets) > 5 and all(0 <= offset < 60 for offset in offsets)
