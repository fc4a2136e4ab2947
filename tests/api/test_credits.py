"""Bylines, translators, notes and story types in the API (issue 17, with the bylines of issue 15)."""

import pytest

from tests.factories import credit, make_article, make_author, make_note

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return response.json()


def test_story_names_its_writers_translators_and_notes_in_each_language(client):
    story = make_article(slug="credited-story", story_type="analysis")
    writer = make_author(slug="li-na", name_en="Li Na", name_zh_hans="李娜")
    second = make_author(slug="sam-ortiz", name_en="Sam Ortiz", name_zh_hans="")
    translator = make_author(slug="wang-fang", name_en="Wang Fang", name_zh_hans="王芳")
    credit(story, second, position=1)
    credit(story, writer, position=0)
    credit(story, translator, role="translator")
    make_note(story, text_en="The figure was 8, not 6.", text_zh_hans="数字是 8，不是 6。")

    data = get(client, "/api/v1/stories/credited-story?lang=zh-hans")
    assert data["type"] == "analysis"
    assert [p["slug"] for p in data["bylines"]] == ["li-na", "sam-ortiz"]
    assert data["bylines"][0]["name"] == {"text": "李娜", "lang": "zh-hans", "fallback": False}
    assert data["bylines"][1]["name"] == {"text": "Sam Ortiz", "lang": "en", "fallback": True}
    assert data["bylines"][0]["pages"]["zh-hans"].endswith("/zh-hans/authors/li-na/")
    assert [p["slug"] for p in data["translators"]] == ["wang-fang"]
    assert data["notes"][0]["kind"] == "correction"
    assert data["notes"][0]["text"] == {"text": "数字是 8，不是 6。", "lang": "zh-hans", "fallback": False}

    english = get(client, "/api/v1/stories/credited-story")
    assert english["notes"][0]["text"]["text"] == "The figure was 8, not 6."
    assert english["bylines"][0]["name"]["text"] == "Li Na"


def test_story_without_credits_has_empty_lists(client):
    make_article(slug="uncredited-story")
    data = get(client, "/api/v1/stories/uncredited-story")
    assert (data["bylines"], data["translators"], data["notes"], data["type"]) == ([], [], [], "news")


def test_list_filters_by_author_and_by_type(client):
    writer = make_author(slug="filter-writer")
    by_writer = make_article(slug="by-the-writer")
    credit(by_writer, writer)
    make_article(slug="by-someone-else")
    opinion = make_article(slug="an-opinion-piece", story_type="opinion")

    listed = get(client, "/api/v1/stories?author=filter-writer")
    assert [item["slug"] for item in listed["items"]] == ["by-the-writer"]
    typed = get(client, "/api/v1/stories?type=opinion")
    assert [item["slug"] for item in typed["items"]] == [opinion.slug]
    assert {item["type"] for item in get(client, "/api/v1/stories")["items"]} == {"news", "opinion"}


@pytest.mark.parametrize(
    "query", ["author=nobody-here", "type=gossip", "author=Bad%20Slug", "type=" + "x" * 300]
)
def test_unknown_author_or_type_is_a_json_400(client, query):
    data = get(client, f"/api/v1/stories?{query}", status=400)
    assert data["status"] == 400 and data["message"]


def test_story_detail_with_credits_and_notes_stays_within_six_queries(client, django_assert_max_num_queries):
    story = make_article(slug="busy-story")
    for position in range(3):
        credit(story, make_author(), position=position)
    credit(story, make_author(), role="translator")
    for _ in range(3):
        make_note(story)
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/stories/busy-story").status_code == 200
