"""The story list, a story, sections, tags and search: what they show, in which language, and what never."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return response.json()


def slugs(data):
    return [item["slug"] for item in data["items"]]


def test_list_is_newest_first_and_only_published(client):
    older = make_article(title_en="Older chip story", hours_ago=5)
    newer = make_article(title_en="Newer chip story", hours_ago=1)
    hidden = [
        make_article(status="draft"),
        make_article(status="review"),
        make_article(status="archived"),
        make_article(hours_ago=-3),  # scheduled
    ]
    data = get(client, "/api/v1/stories")
    assert slugs(data) == [newer.slug, older.slug]
    for article in hidden:
        assert article.slug not in slugs(data)
        get(client, f"/api/v1/stories/{article.slug}", status=404)
    assert data["next_cursor"] is None and data["next"] is None


def test_every_translated_field_says_its_language_and_fallback(client):
    article = make_article(title_en="Sensors in rice paddies", title_zh_hans="", dek_zh_hans="稻田里的传感器")
    chinese = get(client, f"/api/v1/stories/{article.slug}?lang=zh-hans")
    assert chinese["title"] == {"text": "Sensors in rice paddies", "lang": "en", "fallback": True}
    assert chinese["dek"] == {"text": "稻田里的传感器", "lang": "zh-hans", "fallback": False}
    english = get(client, f"/api/v1/stories/{article.slug}")
    assert english["title"] == {"text": "Sensors in rice paddies", "lang": "en", "fallback": False}
    assert english["dek"]["lang"] == "en" and "稻田" not in english["dek"]["text"]
    response = client.get("/api/v1/stories?lang=zh-hans", headers={"accept-language": "en"})
    assert response["Content-Language"] == "zh-hans"  # the language asked for, not the browser's
    assert client.get("/api/v1/stories")["Content-Language"] == "en"
    listed = response.json()["items"][0]
    assert listed["title"]["fallback"] is True and listed["dek"]["fallback"] is False


def test_story_has_every_field(client):
    tag = make_tag(name_en="Robotics", name_zh_hans="机器人")
    article = make_article(
        title_en="Harvest robots learn",
        body_en="A **bold** claim.\n\n[image 1]\n\n<script>alert(1)</script>",
        tags=[tag],
    )
    make_image(article, position=2, alt_text_en="Second picture")
    make_image(article, position=1, alt_text_en="First picture", credit="lab.example")
    data = get(client, f"/api/v1/stories/{article.slug}")
    assert "<strong>bold</strong>" in data["body_html"]["text"]
    assert "<!--image:1-->" in data["body_html"]["text"]
    assert "<script" not in data["body_html"]["text"]
    assert data["why_it_matters"]["text"] == "It matters because of scale."
    assert [image["alt_text"]["text"] for image in data["images"]] == ["First picture", "Second picture"]
    first = data["images"][0]
    assert first["credit"] == "lab.example" and first["caption"]["text"] == "Caption 1"
    assert {rendition["type"] for rendition in first["renditions"]} >= {"image/jpeg"}
    assert all(rendition["url"].startswith("http://testserver/media/") for rendition in first["renditions"])
    assert data["image"]["alt_text"]["text"] == "First picture"
    assert data["tags"][0]["name"]["text"] == "Robotics"
    assert data["section"]["slug"] == article.section.slug
    assert data["pages"] == {
        "en": f"http://testserver/en/stories/{article.slug}/",
        "zh-hans": f"http://testserver/zh-hans/stories/{article.slug}/",
    }
    assert data["source"] == {"name": "Example Lab Blog", "url": "https://example.com/post"}
    assert data["url"] == f"http://testserver/api/v1/stories/{article.slug}"
    # Each page URL is a real page.
    assert client.get(data["pages"]["zh-hans"]).status_code == 200


def test_cursor_pages_are_stable_when_a_story_is_published_meanwhile(client):
    made = [make_article(hours_ago=hours) for hours in range(1, 8)]  # newest first
    first = get(client, "/api/v1/stories?limit=3")
    assert slugs(first) == [a.slug for a in made[:3]]
    make_article(title_en="Breaking while paging", hours_ago=0)  # would shift an offset by one
    second = get(client, first["next"])
    assert slugs(second) == [a.slug for a in made[3:6]]
    third = get(client, f"/api/v1/stories?limit=3&cursor={second['next_cursor']}")
    assert slugs(third) == [made[6].slug]
    assert third["next_cursor"] is None


def test_stories_with_the_same_publish_time_are_neither_skipped_nor_repeated(client):
    made = [make_article() for _ in range(5)]
    same = timezone.now() - timedelta(hours=2)
    Article.objects.filter(pk__in=[a.pk for a in made]).update(published_at=same)
    seen, url = [], "/api/v1/stories?limit=2"
    while url:
        data = get(client, url)
        seen += slugs(data)
        url = data["next"]
    assert sorted(seen) == sorted(a.slug for a in made) and len(seen) == 5


def test_filters(client):
    section, other = make_section(), make_section()
    tag = make_tag()
    in_both = make_article(section=section, tags=[tag])
    in_section = make_article(section=section)
    elsewhere = make_article(section=other, tags=[tag])
    by_section = slugs(get(client, f"/api/v1/stories?section={section.slug}"))
    assert set(by_section) == {in_both.slug, in_section.slug}
    assert set(slugs(get(client, f"/api/v1/stories?tag={tag.slug}"))) == {in_both.slug, elsewhere.slug}
    assert slugs(get(client, f"/api/v1/stories?section={section.slug}&tag={tag.slug}")) == [in_both.slug]
    Article.objects.filter(pk=in_section.pk).update(updated_at=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    recent = slugs(get(client, f"/api/v1/stories?updated_since={since}"))
    assert in_section.slug not in recent and in_both.slug in recent


@pytest.mark.parametrize(
    "query",
    [
        "cursor=garbage",
        "cursor=WyJub3QtYS1kYXRlIiwxXQ",  # ["not-a-date",1]
        "cursor=WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiw5OTk5OTk5OTk5OTk5OTk5OTk5OTlNdDQ",
        "cursor=WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiw5OTk5OTk5OTk5OTk5OTk5OTk5OTld",  # id too big
        "limit=0",
        "limit=101",
        "limit=ten",
        "section=no-such-section",
        "tag=no-such-tag",
        "updated_since=yesterday",
        "lang=fr",
    ],
)
def test_bad_input_is_a_json_400(client, query):
    make_article()
    data = get(client, f"/api/v1/stories?{query}", status=400)
    assert data["status"] == 400 and data["message"]


def test_unknown_slug_and_path_are_json_404(client):
    assert get(client, "/api/v1/stories/missing-story", status=404)["status"] == 404
    assert get(client, "/api/v1/no-such-endpoint", status=404)["message"]


def test_sections_and_tags_with_counts(client):
    section = make_section(name_en="Hardware", name_zh_hans="硬件")
    used, unused = make_tag(name_en="Chips", name_zh_hans=""), make_tag(name_en="Unused tag")
    make_article(section=section, tags=[used])
    make_article(section=section, tags=[used])
    make_article(section=section, tags=[used, unused], status="draft")
    sections = get(client, "/api/v1/sections?lang=zh-hans")
    assert {"text": "硬件", "lang": "zh-hans", "fallback": False} in [s["name"] for s in sections]
    tags = get(client, "/api/v1/tags?lang=zh-hans")
    assert [(t["slug"], t["story_count"]) for t in tags] == [(used.slug, 2)]
    assert tags[0]["name"] == {"text": "Chips", "lang": "en", "fallback": True}


def test_search_uses_the_search_pages_engine_and_rules(client):
    found = make_article(title_en="Quantum annealer benchmark", title_zh_hans="量子退火机基准")
    make_article(title_en="Quantum draft", status="draft")
    make_article(title_en="Unrelated orchard item")
    data = get(client, "/api/v1/search?q=quantum")
    assert slugs(data) == [found.slug] and data["total"] == 1
    assert slugs(get(client, "/api/v1/search?q=量子退火&lang=zh-hans")) == [found.slug]
    assert get(client, "/api/v1/search?q=%22%2A%28")["items"] == []  # operators only: no terms


def test_error_messages_follow_the_readers_language(client):
    data = get(client, "/api/v1/stories?cursor=bad", status=400)
    assert data["message"] == "The cursor is not valid; start again without it."
    response = client.get("/api/v1/stories?section=nowhere", headers={"accept-language": "zh-hans"})
    assert response.status_code == 400 and response.json()["message"] == "没有 slug 为“nowhere”的栏目。"
    docs = client.get("/api/v1/docs/", headers={"accept-language": "zh-hans"}).content.decode()
    assert "参数" in docs and "Parameter" not in docs
