"""Bylines, translator credits, type labels and author pages (with their feeds), in both languages."""

import re

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from articles.models import Author
from tests.factories import (
    credit,
    image_bytes,
    make_article,
    make_author,
    make_image,
    make_note,
    make_section,
    make_tag,
)
from tests.reader.pages import json_ld, page, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_by_default():
    with translation.override("en"):
        yield


def parse_feed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


@pytest.fixture
def credited_story():
    """A story by Ada Quill and Bram Ostrow (in that order) translated by Chen Yuwei."""
    story = make_article(title_en="Credited wafer report", title_zh_hans="署名晶圆报道", slug="credited")
    bram = make_author(name_en="Bram Ostrow", name_zh_hans="布拉姆", slug="bram-ostrow")
    ada = make_author(
        name_en="Ada Quill",
        name_zh_hans="艾达",
        slug="ada-quill",
        links=["https://ada.example.org/", "https://social.example.net/@ada"],
    )
    chen = make_author(name_en="Chen Yuwei", name_zh_hans="陈雨薇", slug="chen-yuwei")
    credit(story, bram, position=2)  # created first, shown second
    credit(story, ada, position=1)
    credit(story, chen, role="translator")
    return story


def test_bylines_follow_their_order_and_the_translator_shows_only_on_the_chinese_page(client, credited_story):
    english = page(client, url("articles:detail", slug="credited"))
    assert (
        '<p class="byline">By <a href="/en/authors/ada-quill/" rel="author">Ada Quill</a> and '
        '<a href="/en/authors/bram-ostrow/" rel="author">Bram Ostrow</a></p>'
    ) in english
    assert "Chen Yuwei" not in english and "Translated by" not in english
    chinese = page(client, url("articles:detail", "zh-hans", slug="credited"))
    assert (
        '<p class="byline">作者：<a href="/zh-hans/authors/ada-quill/" rel="author">艾达</a>、'
        '<a href="/zh-hans/authors/bram-ostrow/" rel="author">布拉姆</a></p>'
    ) in chinese
    assert '译者：<a href="/zh-hans/authors/chen-yuwei/" rel="author">陈雨薇</a>' in chinese


def test_a_name_without_chinese_is_shown_in_english_marked_as_such(client):
    story = make_article(slug="fallback-name")
    credit(story, make_author(name_en="Dana Vale", name_zh_hans="", slug="dana-vale"))
    chinese = page(client, url("articles:detail", "zh-hans", slug="fallback-name"))
    assert '<a href="/zh-hans/authors/dana-vale/" rel="author" lang="en">Dana Vale</a>' in chinese


def test_a_story_without_bylines_names_the_publication(client):
    make_article(slug="no-byline", source_name="Wire Service Co")
    html = page(client, url("articles:detail", slug="no-byline"))
    assert 'class="byline"' not in html
    data = json_ld(html)
    assert data["author"] == {"@type": "Organization", "name": "Guozhen AI", "url": "http://testserver/en/"}
    feed = parse_feed(client, url("articles:feed-rss"))
    assert feed.entries[0].author == "Guozhen AI"
    assert b"Wire Service Co" not in client.get(url("articles:feed-rss")).content


def test_json_ld_lists_authors_as_people_and_the_translator_on_the_chinese_page(client, credited_story):
    data = json_ld(page(client, url("articles:detail", slug="credited")))
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Ada Quill",
            "url": "http://testserver/en/authors/ada-quill/",
            "sameAs": ["https://ada.example.org/", "https://social.example.net/@ada"],
        },
        {"@type": "Person", "name": "Bram Ostrow", "url": "http://testserver/en/authors/bram-ostrow/"},
    ]
    assert "translator" not in data
    html = page(client, url("articles:detail", slug="credited"))
    assert re.findall(r'<meta property="article:author" content="([^"]+)">', html) == [
        "http://testserver/en/authors/ada-quill/",
        "http://testserver/en/authors/bram-ostrow/",
    ]
    chinese = json_ld(page(client, url("articles:detail", "zh-hans", slug="credited")))
    assert [person["name"] for person in chinese["author"]] == ["艾达", "布拉姆"]
    assert chinese["translator"] == [
        {"@type": "Person", "name": "陈雨薇", "url": "http://testserver/zh-hans/authors/chen-yuwei/"}
    ]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_name_the_bylines_not_the_cited_source(client, credited_story, kind):
    body = client.get(url(f"articles:feed-{kind}")).content.decode()
    assert "Example Lab Blog" not in body  # the source the factory cites
    feed = parse_feed(client, url(f"articles:feed-{kind}"))
    assert feed.entries[0].author == "Ada Quill and Bram Ostrow"
    if kind == "rss":
        assert re.search(r"<dc:creator[^>]*>Ada Quill and Bram Ostrow</dc:creator>", body)
    zh = parse_feed(client, url(f"articles:feed-{kind}", "zh-hans"))
    assert zh.entries[0].author == "艾达、布拉姆"


def test_author_page_shows_photo_title_bio_links_and_only_their_public_stories(client, credited_story):
    ada = Author.objects.get(slug="ada-quill")
    ada.job_title_en, ada.job_title_zh_hans = "Chip correspondent", "芯片记者"
    ada.bio_en, ada.bio_zh_hans = "Covers fabs from Hsinchu.", "在新竹报道晶圆厂。"
    ada.image = ContentFile(image_bytes(size=(400, 400)), name="ada.jpg")
    ada.save()
    draft = make_article(status="draft", hours_ago=None, title_en="Unpublished chip scoop")
    credit(draft, ada)
    make_article(title_en="Someone else's foundry piece")
    html = page(client, url("articles:author", slug="ada-quill"))
    assert '<h1 class="listing__title">Ada Quill</h1>' in html
    assert "Chip correspondent" in html and "Covers fabs from Hsinchu." in html
    assert '<a href="https://ada.example.org/" rel="me noopener">' in html
    assert "<picture>" in html and 'alt="Ada Quill"' in html and "renditions/" in html
    assert "Credited wafer report" in html
    assert "Unpublished chip scoop" not in html and "Someone else" not in html
    assert (
        'href="/en/authors/ada-quill/feed/rss/"' in html and 'href="/en/authors/ada-quill/feed/atom/"' in html
    )
    chinese = page(client, url("articles:author", "zh-hans", slug="ada-quill"))
    assert "艾达" in chinese and "芯片记者" in chinese and "署名晶圆报道" in chinese
    # The translator's page lists the stories they translated.
    assert "Credited wafer report" in page(client, url("articles:author", slug="chen-yuwei"))


def test_author_page_pages_newer_older_and_unknown_authors_are_404(client):
    author = make_author(slug="prolific")
    for n in range(21):
        credit(make_article(hours_ago=n + 1, title_en=f"Prolific piece {n:02d} zz"), author)
    first = page(client, url("articles:author", slug="prolific"))
    assert "Prolific piece 00 zz" in first and "Prolific piece 20 zz" not in first
    assert 'rel="next" href="?page=2"' in first
    second = page(client, url("articles:author", slug="prolific") + "?page=2")
    assert "Prolific piece 20 zz" in second and "Prolific piece 00 zz" not in second
    assert client.get(url("articles:author", slug="prolific") + "?page=3").status_code == 404
    assert client.get(url("articles:author", slug="nobody-here")).status_code == 404


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_author_feeds_hold_only_their_stories(client, credited_story, kind):
    make_article(title_en="Uncredited other feed item")
    feed = parse_feed(client, url(f"articles:author-feed-{kind}", slug="bram-ostrow"))
    assert [entry.title for entry in feed.entries] == ["Credited wafer report"]
    assert "Bram Ostrow" in feed.feed.title
    assert client.get(url(f"articles:author-feed-{kind}", slug="nobody-here")).status_code == 404


@pytest.mark.parametrize(
    ("story_type", "english", "chinese", "schema_type"),
    [
        ("analysis", "Analysis", "分析", "AnalysisNewsArticle"),
        ("opinion", "Opinion", "观点", "OpinionNewsArticle"),
        ("explainer", "Explainer", "解读", "BackgroundNewsArticle"),
        ("sponsored", "Sponsored", "赞助内容", "AdvertiserContentArticle"),
    ],
)
def test_story_types_are_labelled_above_the_headline_and_on_cards(
    client, story_type, english, chinese, schema_type
):
    make_article(slug="typed", story_type=story_type, title_en="Typed story headline")
    label = f'<span class="story-type story-type--{story_type}">'
    detail = page(client, url("articles:detail", slug="typed"))
    assert f"{label}{english}</span>" in detail
    assert detail.index(label) < detail.index('<h1 class="story__title"')
    assert json_ld(detail)["@type"] == schema_type
    assert f"{label}{english}</span>" in page(client, url("articles:index"))
    assert f"{label}{chinese}</span>" in page(client, url("articles:detail", "zh-hans", slug="typed"))
    assert f"{label}{chinese}</span>" in page(client, url("articles:index", "zh-hans"))


def test_news_carries_no_type_label(client):
    make_article(slug="plain-news")
    assert "story-type" not in page(client, url("articles:detail", slug="plain-news"))
    assert "story-type" not in page(client, url("articles:index"))
    assert json_ld(page(client, url("articles:detail", slug="plain-news")))["@type"] == "NewsArticle"


# --- Query budgets ---------------------------------------------------------------------------------


def build_credited_site(size: int):
    sections = [make_section(), make_section()]
    people = [make_author() for _ in range(4)]
    tags = [make_tag(), make_tag()]
    stories = []
    for n in range(size):
        story = make_article(
            hours_ago=n + 1, section=sections[n % 2], tags=tags, story_type=("news", "analysis")[n % 2]
        )
        make_image(story)
        credit(story, people[n % 4], position=1)
        credit(story, people[(n + 1) % 4], position=2)
        credit(story, people[(n + 2) % 4], role="translator")
        make_note(story, kind="correction")
        make_note(story, kind="update", hours_ago=0.2)
        stories.append(story)
    return stories[0], people[0]


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_query_budgets_stay_flat_with_bylines_and_notes(
    client, django_assert_max_num_queries, size, language
):
    story, author = build_credited_site(size)
    pages = [
        (url("articles:index", language), 5),
        (url("articles:detail", language, slug=story.slug), 6),
        (url("articles:author", language, slug=author.slug), 5),
        (url("articles:corrections", language), 4),
    ]
    for path, budget in pages:
        with django_assert_max_num_queries(budget):
            assert client.get(path).status_code == 200
