"""Reader pages through HTTP: home, story, section and tag pages, 404s, query budgets, conditional GET."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from tests.factories import make_article, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_by_default():
    """A request leaves its language active in the test thread; start each test in English."""
    with translation.override("en"):
        yield


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Home ------------------------------------------------------------------------------------


def test_home_lists_published_stories_newest_first_with_the_newest_featured(client):
    older = make_article(hours_ago=5, title_en="Older chip fabrication piece")
    newest = make_article(hours_ago=1, title_en="Newest robotics lab piece")
    make_article(status="draft", hours_ago=None, title_en="Hidden draft about agents")
    make_article(hours_ago=-3, title_en="Scheduled launch day piece")
    make_article(status="archived", hours_ago=9, title_en="Archived energy grid piece")

    html = html_of(client.get(url("articles:index")))
    assert html.index(newest.title_en) < html.index(older.title_en)
    featured = html.split('class="card card--featured"')[1].split("</article>")[0]
    assert newest.title_en in featured and older.title_en not in featured
    for hidden in ("Hidden draft about agents", "Scheduled launch day piece", "Archived energy grid piece"):
        assert hidden not in html


def test_home_in_chinese_shows_chinese_headlines_and_chrome(client):
    make_article(title_en="English side headline", title_zh_hans="中文一侧的标题")
    html = html_of(client.get(url("articles:index", "zh-hans")))
    assert '<html lang="zh-hans">' in html
    assert "中文一侧的标题" in html and "English side headline" not in html
    assert "最新报道" in html and "跳到正文" in html
    assert "Latest stories" not in html


def test_home_paginates_twenty_a_page(client):
    stories = [make_article(hours_ago=n + 1) for n in range(23)]  # stories[0] is the newest
    first = html_of(client.get(url("articles:index")))
    second = html_of(client.get(url("articles:index"), {"page": 2}))
    assert stories[19].title_en in first and stories[20].title_en not in first
    assert stories[20].title_en in second and stories[0].title_en not in second
    assert ">Page 1</span>" in first and 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first
    assert ">Page 2</span>" in second and 'rel="prev" href="/en/"' in second and 'rel="next"' not in second
    assert "card--featured" not in second


def test_story_lists_never_count_the_stories(client):
    """Paging reads one row more than it shows; a COUNT would grow with the archive (issue #6)."""
    section, tag = make_section(), make_tag()
    for n in range(25):
        make_article(hours_ago=n + 1, section=section, tags=[tag])
    for path in (
        url("articles:index"),
        url("articles:section", slug=section.slug),
        url("articles:tag", slug=tag.slug),
    ):
        for page in ({}, {"page": 2}):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, page)
            assert response.status_code == 200
            assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()], (path, page)
    second = html_of(client.get(url("articles:index"), {"page": 2}))
    assert ">Page 2</span>" in second and 'rel="next"' not in second  # 25 stories: 20 + 5


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "99999999999999999999", "２", "100001"])
def test_junk_or_out_of_range_page_is_404(client, page):
    section, tag = make_section(), make_tag()
    for n in range(21):
        make_article(hours_ago=n + 1, section=section, tags=[tag])
    for name, kwargs in (("articles:index", {}), ("articles:section", {"slug": section.slug})):
        assert client.get(url(name, **kwargs), {"page": page}).status_code == 404
    assert client.get(url("articles:tag", slug=tag.slug), {"page": page}).status_code == 404


# --- Story -----------------------------------------------------------------------------------


def test_story_page_has_everything_the_reference_shows(client):
    section = make_section(name_en="Realtime Desk", name_zh_hans="实时新闻台")
    tag = make_tag(name_en="Wafers", name_zh_hans="晶圆", slug="wafers")
    article = make_article(
        section=section,
        tags=[tag],
        title_en="Fab plans move to Arizona desert",
        dek_en="A plant outside Phoenix takes the packaging step.",
        why_it_matters_en="Packaging is the bottleneck nobody mentions.",
        source_name="Example Fab Blog",
        source_url="https://example.com/fab",
    )
    make_image(article, position=1, caption_en="Clean room floor", credit="fab.example.com")
    html = html_of(client.get(article.get_absolute_url()))

    assert '<h1 class="story__title">Fab plans move to Arizona desert</h1>' in html
    assert "A plant outside Phoenix takes the packaging step." in html
    assert f'href="{section.get_absolute_url()}"' in html and "Realtime Desk" in html
    assert re.search(r'<time datetime="[^"]+">\w{3}\.? \d{1,2}, \d{4}</time>', html)
    assert 'Original report: <a href="https://example.com/fab" rel="noopener">Example Fab Blog</a>' in html
    assert "<figure" in html and "Clean room floor" in html
    assert 'Image source: <a href="https://example.com/" rel="noopener">fab.example.com</a>' in html
    assert "Why it matters" in html and "Packaging is the bottleneck nobody mentions." in html
    assert '<a href="/en/tags/wafers/" rel="tag">Wafers</a>' in html
    assert "not public" not in html


def test_story_in_chinese_uses_chinese_text_date_and_labels(client):
    article = make_article(title_en="Grid queue grows longer", title_zh_hans="电网排队越来越长")
    Article.objects.filter(pk=article.pk).update(published_at="2025-11-28T10:00:00+08:00")
    make_image(article, position=1, caption_zh_hans="变电站外景")
    html = html_of(client.get(url("articles:detail", "zh-hans", slug=article.slug)))
    assert '<html lang="zh-hans">' in html
    assert "电网排队越来越长" in html and "Grid queue grows longer" not in html
    assert ">2025年11月28日</time>" in html
    assert "发布于" in html and "为何重要" in html and "原文：" in html
    assert "变电站外景" in html and "图片来源：" in html
    assert "本文尚未完全翻译" not in html  # fully translated


def test_images_sit_where_the_body_places_them_and_the_rest_follow(client):
    paragraphs = ["Opening paragraph here.", "[image 2]", "Middle paragraph here.", "[image 9]", "Closing."]
    article = make_article(body_en="\n\n".join(paragraphs))
    make_image(article, position=1, caption_en="Unplaced first picture")
    make_image(article, position=2, caption_en="Placed second picture")
    html = html_of(client.get(article.get_absolute_url()))
    order = [
        html.index(text)
        for text in (
            "Opening paragraph here.",
            "Placed second picture",
            "Middle paragraph here.",
            "Closing.",
            "Unplaced first picture",
        )
    ]
    assert order == sorted(order)
    assert html.count("<figure") == 2  # the marker for a missing image 9 is dropped
    figures = html.split("<figure")[1:]
    assert 'fetchpriority="high"' in figures[0] and 'loading="lazy"' not in figures[0]
    assert 'loading="lazy"' in figures[1] and 'fetchpriority="high"' not in figures[1]
    assert "<!--image:" not in html


def test_caption_missing_in_both_languages_leaves_no_empty_caption(client):
    article = make_article()
    make_image(article, caption_en="", caption_zh_hans="", credit="nocaption.example.org", credit_url="")
    for language in ("en", "zh-hans"):
        html = html_of(client.get(url("articles:detail", language, slug=article.slug)))
        assert "figure__caption" not in html
        assert "nocaption.example.org</span>" in html  # credit without a link when no URL is given


def test_related_stories_share_a_tag_newest_first_at_most_four(client):
    shared, other = make_tag(), make_tag()
    article = make_article(tags=[shared], title_en="Main piece on accelerators")
    related = [
        make_article(hours_ago=n + 2, tags=[shared], title_en=f"Sibling item {n} alpha") for n in range(5)
    ]
    make_article(tags=[other], title_en="Unrelated item on weather")
    make_article(status="draft", hours_ago=None, tags=[shared], title_en="Draft sibling never shown")
    html = html_of(client.get(article.get_absolute_url()))
    block = html.split('id="related-heading"')[1]
    shown = re.findall(r"Sibling item (\d) alpha", block)
    assert shown == ["0", "1", "2", "3"]
    assert related[4].title_en not in block
    assert "Unrelated item on weather" not in block and "Draft sibling never shown" not in block
    assert "Main piece on accelerators" not in block


@pytest.mark.parametrize(
    ("status", "hours_ago"), [("draft", None), ("review", None), ("archived", 3), ("published", -2)]
)
def test_stories_readers_may_not_see_are_404(client, status, hours_ago):
    article = make_article(status=status, hours_ago=hours_ago, title_en="Invisible piece for readers")
    for language in ("en", "zh-hans"):
        response = client.get(url("articles:detail", language, slug=article.slug))
        assert response.status_code == 404
        assert "Invisible piece for readers" not in response.content.decode()


def test_staff_preview_of_a_scheduled_story_is_marked_and_private(admin_client):
    article = make_article(hours_ago=-5, title_en="Tomorrow morning piece")
    response = admin_client.get(article.get_absolute_url())
    html = html_of(response)
    assert "Tomorrow morning piece" in html and 'class="preview-banner"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "private" in response["Cache-Control"]


def test_unknown_pages_are_404_with_the_site_chrome(client):
    for path in ("/en/stories/no-such-story/", "/en/sections/nope/", "/en/tags/nope/", "/en/tags/nope/feed/"):
        assert client.get(path).status_code == 404
    response = client.get("/zh-hans/stories/no-such-story/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="zh-hans">' in html and "页面不存在" in html and "查看最新报道" in html
    assert "Page not found" not in html
    assert '<meta name="robots" content="noindex">' in html and 'rel="canonical"' not in html
    assert 'href="/language/en/?next=/en/" hreflang="en"' in html  # the switcher offers the other home


# --- Section and tag pages -----------------------------------------------------------------------


def test_section_page_lists_only_its_public_stories_in_both_languages(client):
    section = make_section(name_en="Field Journal", name_zh_hans="田野日志")
    inside = make_article(section=section, title_en="Inside the section story", title_zh_hans="栏目内的报道")
    make_article(title_en="Elsewhere section story", title_zh_hans="别的栏目报道")
    make_article(section=section, status="draft", hours_ago=None, title_en="Draft in section story")
    en = html_of(client.get(section.get_absolute_url()))
    assert "Field Journal" in en and inside.title_en in en
    assert "Elsewhere section story" not in en and "Draft in section story" not in en
    assert 'aria-current="page"' in en
    zh = html_of(client.get(url("articles:section", "zh-hans", slug=section.slug)))
    assert "田野日志" in zh and "栏目内的报道" in zh and "别的栏目报道" not in zh


def test_tag_page_lists_tagged_stories_and_links_its_feed(client):
    tag = make_tag(name_en="Photonics", name_zh_hans="光子学", slug="photonics")
    make_article(tags=[tag], title_en="Tagged light story", title_zh_hans="带标签的光学报道")
    make_article(title_en="Untagged plain story")
    en = html_of(client.get(tag.get_absolute_url()))
    assert "Photonics" in en and "Tagged light story" in en and "Untagged plain story" not in en
    assert 'href="/en/tags/photonics/feed/"' in en
    zh = html_of(client.get(url("articles:tag", "zh-hans", slug="photonics")))
    assert "光子学" in zh and "带标签的光学报道" in zh and 'href="/zh-hans/tags/photonics/feed/"' in zh


def test_a_tag_no_published_story_uses_is_404(client):
    # Its name could reveal an embargoed subject (issue 22); tests/deployment/test_hardening.py has more.
    tag = make_tag(name_en="Unused label")
    response = client.get(tag.get_absolute_url())
    assert response.status_code == 404 and "Unused label" not in response.content.decode()


# --- Speed ---------------------------------------------------------------------------------------


def build_site(size: int):
    sections = [make_section(), make_section()]
    tags = [make_tag() for _ in range(3)]
    stories = []
    for n in range(size):
        article = make_article(hours_ago=n + 1, section=sections[n % 2], tags=tags[: 1 + n % 3])
        make_image(article, position=1)
        make_image(article, position=2)
        stories.append(article)
    return sections[0], tags[0], stories[0]


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_query_budgets_do_not_grow_with_the_number_of_stories(
    client, django_assert_max_num_queries, size, language
):
    section, tag, story = build_site(size)
    pages = [
        (url("articles:index", language), 5),
        (url("articles:detail", language, slug=story.slug), 6),
        (url("articles:section", language, slug=section.slug), 6),
        (url("articles:tag", language, slug=tag.slug), 6),
    ]
    for path, budget in pages:
        with django_assert_max_num_queries(budget):
            assert client.get(path).status_code == 200


# --- Conditional GET and small endpoints --------------------------------------------------------------


def test_story_answers_if_none_match_with_304_until_it_changes(client):
    article = make_article(title_en="Cached story first version")
    path = article.get_absolute_url()
    first = client.get(path)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    again = client.get(path, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    article.title_en = "Cached story second version"
    article.save()
    changed = client.get(path, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Cached story second version" in changed.content.decode()


def test_public_story_pages_leave_the_session_alone(client):
    """The view reads the session only for a story readers may not see (the staff preview check),
    so a public story page is the same for every reader and can be shared by caches."""
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert not response.wsgi_request.session.accessed
    assert not response.cookies
    draft = make_article(status="draft", hours_ago=None)
    assert client.get(draft.get_absolute_url()).wsgi_request.session.accessed


def test_healthz_is_plain_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_every_page_offers_keyboard_reachable_skip_link_and_landmarks(client):
    article = make_article()
    html = html_of(client.get(article.get_absolute_url()))
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ('<header class="site-header">', '<main id="main"', '<footer class="site-footer">'):
        assert landmark in html
    assert "style=" not in html and "<script>" not in html


def test_favicon_ico_leads_to_the_site_icon(client):
    # Browsers ask for /favicon.ico on pages that name no icon (the admin); a 404 there is a
    # console error on every admin page.
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
    assert "max-age=86400" in response["Cache-Control"]
    assert client.get(response["Location"]).status_code == 200
