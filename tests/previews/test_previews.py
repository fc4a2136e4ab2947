"""Preview links: made in the admin or by the command, opened without an account, pinned, stopped."""

import hashlib
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from articles.caching.pages import current_generation, page_key
from articles.history.recording import record_revision
from articles.history.snapshots import story_versions
from articles.models import Article, PreviewLink
from tests.factories import change_url, make_article, make_image, make_staff_user, make_tag

pytestmark = pytest.mark.django_db

URL_RE = re.compile(r'href="(https?://[^"]+/preview/([^/"]+)/)"')


def make_link(admin_client, article, **fields) -> str:
    """Make a link through the story's admin page; return its token from the one-time message."""
    data = {"hours": "168", "version": "", **fields}
    response = admin_client.post(
        reverse("admin:articles_preview_create", args=[article.pk]), data, follow=True
    )
    assert response.status_code == 200
    found = URL_RE.search(response.content.decode())
    assert found, "the message shows the new link"
    return found.group(2)


def preview(client, token, language="en"):
    return client.get(f"/{language}/preview/{token}/")


def test_an_editor_makes_a_link_that_opens_without_an_account_in_both_languages(admin_client, client):
    article = make_article(
        status="draft", hours_ago=None, title_en="Quiet chip deal", title_zh_hans="低调芯片交易"
    )
    token = make_link(admin_client, article)

    link = PreviewLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 43  # 32 random bytes
    assert token not in str(PreviewLink.objects.values().get())  # only the hash is stored
    assert timedelta(days=7) - timedelta(minutes=1) < link.expires_at - link.created_at <= timedelta(days=7)

    english = preview(client, token, "en")
    page = english.content.decode()
    assert english.status_code == 200
    assert "Quiet chip deal" in page and "低调芯片交易" not in page
    assert 'class="preview-banner"' in page and "Preview: this story is not public" in page
    assert '<meta name="robots" content="noindex">' in page
    # The language switch leads to the same preview in Chinese, not to the public story page.
    assert f"next=/zh-hans/preview/{token}/" in page
    assert reverse("articles:detail", kwargs={"slug": article.slug}) not in page

    switched = client.get(f"/language/zh-hans/?next=/en/preview/{token}/")
    assert switched.status_code == 302 and switched["Location"] == f"/zh-hans/preview/{token}/"
    chinese = preview(client, token, "zh-hans")
    assert chinese.status_code == 200
    assert "低调芯片交易" in chinese.content.decode() and "预览" in chinese.content.decode()
    link.refresh_from_db()
    assert link.view_count == 2 and link.last_viewed_at is not None


def test_preview_headers_are_private_without_an_etag_and_never_cached(admin_client, client, settings):
    settings.GUOZHEN_PAGE_CACHE = True
    article = make_article(status="review", hours_ago=None)
    public = make_article(status="published")
    token = make_link(admin_client, article)

    for _ in range(2):
        response = preview(client, token)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert not response.has_header("ETag")
        assert not response.has_header("X-Page-Cache")
    assert client.get(f"/en/stories/{public.slug}/").has_header("ETag")  # the control: a public page

    request = RequestFactory().get(f"/en/preview/{token}/")
    request.LANGUAGE_CODE = "en"
    public_request = RequestFactory().get(f"/en/stories/{public.slug}/")
    public_request.LANGUAGE_CODE = "en"
    generation = current_generation()
    assert cache.get(page_key(request, generation)) is None
    assert cache.get(page_key(public_request, generation)) is not None  # the cache is on and storing


def test_wrong_expired_and_revoked_tokens_get_the_same_404(admin_client, client):
    article = make_article(status="draft", hours_ago=None)
    expired, revoked, good = (make_link(admin_client, article) for _ in range(3))
    PreviewLink.objects.filter(token_hash=hashlib.sha256(expired.encode()).hexdigest()).update(
        created_at=timezone.now() - timedelta(days=8), expires_at=timezone.now() - timedelta(seconds=1)
    )
    link = PreviewLink.objects.get(token_hash=hashlib.sha256(revoked.encode()).hexdigest())
    response = admin_client.post(reverse("admin:articles_preview_revoke", args=[article.pk, link.pk]))
    assert response.status_code == 302

    wrong = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    answers = [preview(client, token) for token in (wrong, expired, revoked)]
    bodies = {
        a.content.decode().replace(t, "TOKEN")
        for a, t in zip(answers, (wrong, expired, revoked), strict=True)
    }
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert len(bodies) == 1
    assert {tuple(sorted(k for k in a.headers if k.lower() != "content-length")) for a in answers} == {
        tuple(sorted(k for k in answers[0].headers if k.lower() != "content-length"))
    }
    assert preview(client, good).status_code == 200


def test_a_pinned_link_shows_that_revisions_text_images_and_tags(admin_client, client):
    old_tag, new_tag = make_tag(name_en="Lithography"), make_tag(name_en="Packaging")
    article = make_article(status="draft", hours_ago=None, title_en="Fab plans in March", tags=[old_tag])
    make_image(article, caption_en="Cleanroom in March")
    record_revision(article, comment="first draft")
    version = story_versions(article.pk).first()

    article.title_en = "Fab plans in April"
    article.save()
    article.tags.set([new_tag])
    article.images.get().delete()
    make_image(article, caption_en="Wafer in April")

    pinned = make_link(admin_client, article, version=str(version.pk))
    latest = make_link(admin_client, article)

    old = preview(client, pinned).content.decode()
    assert "Fab plans in March" in old and "Cleanroom in March" in old and "Lithography" in old
    assert "Fab plans in April" not in old and "Wafer in April" not in old and "Packaging" not in old
    assert "as it was saved on" in old
    new = preview(client, latest).content.decode()
    assert "Fab plans in April" in new and "Wafer in April" in new and "Packaging" in new
    assert "Fab plans in March" not in new and "Lithography" not in new
    assert Article.objects.get(pk=article.pk).title_en == "Fab plans in April"  # nothing restored


def test_once_public_the_link_redirects_to_the_public_page(admin_client, client):
    article = make_article(status="draft", hours_ago=None)
    token = make_link(admin_client, article)
    Article.objects.filter(pk=article.pk).update(status="published", published_at=timezone.now())
    response = preview(client, token, "zh-hans")
    assert response.status_code == 302
    assert response["Location"] == f"/zh-hans/stories/{article.slug}/"
    assert "no-store" in response["Cache-Control"]


def test_preview_links_to_no_other_unpublished_page(admin_client, client):
    tag = make_tag()
    article = make_article(status="draft", hours_ago=None, tags=[tag])
    other_draft = make_article(status="draft", hours_ago=None, tags=[tag], title_en="Secret sibling draft")
    make_article(status="published", tags=[tag], title_en="Public sibling story")
    token = make_link(admin_client, article)
    page = preview(client, token).content.decode()
    assert "Public sibling story" in page
    assert "Secret sibling draft" not in page and other_draft.slug not in page


def test_the_story_page_lists_its_links_and_a_revoked_link_stops_at_once(admin_client, client):
    article = make_article(status="draft", hours_ago=None)
    token = make_link(admin_client, article)
    preview(client, token)
    page = admin_client.get(change_url(article)).content.decode()
    assert 'id="preview-links"' in page and "admin" in page  # creator
    assert '<td class="gz-num">1</td>' in page  # view count
    assert token not in page  # the token is shown only in the one-time message

    link = PreviewLink.objects.get()
    admin_client.post(reverse("admin:articles_preview_revoke", args=[article.pk, link.pk]))
    assert preview(client, token).status_code == 404
    assert "Revoked" in admin_client.get(change_url(article)).content.decode()


def test_public_stories_and_translators_cannot_make_links(admin_client, client):
    public = make_article(status="published")
    response = admin_client.post(
        reverse("admin:articles_preview_create", args=[public.pk]), {"hours": "24"}, follow=True
    )
    assert "share its address instead" in response.content.decode()
    assert not PreviewLink.objects.exists()

    draft = make_article(status="draft", hours_ago=None)
    client.force_login(make_staff_user("Translators"))
    assert 'id="preview-links"' not in client.get(change_url(draft)).content.decode()
    refused = client.post(reverse("admin:articles_preview_create", args=[draft.pk]), {"hours": "24"})
    assert refused.status_code == 403
    assert not PreviewLink.objects.exists()


def test_the_command_prints_a_working_link_and_refuses_bad_input(client):
    article = make_article(status="draft", hours_ago=None, title_en="Command line scoop")
    record_revision(article)
    version = story_versions(article.pk).first()
    out, err = StringIO(), StringIO()
    call_command(
        "preview_link", article.slug, "--hours", "2", "--revision", str(version.pk), stdout=out, stderr=err
    )
    url = out.getvalue().strip()
    assert url.startswith("http://") and "/en/preview/" in url
    link = PreviewLink.objects.get()
    assert link.version_id == version.pk
    assert timedelta(hours=2) - timedelta(minutes=1) < link.expires_at - link.created_at <= timedelta(hours=2)
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert "Command line scoop" in client.get("/" + path).content.decode()

    for args in (["--hours", "0"], ["--hours", "721"], ["--revision", "999999"]):
        with pytest.raises(CommandError):
            call_command("preview_link", article.slug, *args, stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError):
        call_command("preview_link", "no-such-story", stdout=StringIO(), stderr=StringIO())
    assert PreviewLink.objects.count() == 1  # nothing written by the refused calls
    with translation.override("en"):
        assert PreviewLink.objects.get().is_usable()
