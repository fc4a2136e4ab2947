"""Query budgets: the story list and a story cost at most six queries whatever the page or data size."""

import pytest

from tests.factories import make_article, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db

BUDGET = 6


def fill(count: int):
    sections = [make_section() for _ in range(3)]
    tags = [make_tag() for _ in range(4)]
    made = []
    for n in range(count):
        article = make_article(section=sections[n % 3], tags=tags[: 1 + n % 4], hours_ago=n + 1)
        if n < 12:  # images are slow to make; a dozen stories with two each is plenty
            make_image(article, position=1)
            make_image(article, position=2)
        made.append(article)
    return made, sections, tags


@pytest.mark.parametrize("page_cache", [True, False])
@pytest.mark.parametrize("stories", [5, 50])
@pytest.mark.parametrize("limit", [20, 100])
def test_list_budget(client, settings, django_assert_max_num_queries, stories, limit, page_cache):
    settings.GUOZHEN_PAGE_CACHE = page_cache
    made, sections, tags = fill(stories)
    for query in ("", f"&section={sections[0].slug}&tag={tags[0].slug}&updated_since=2020-01-01"):
        with django_assert_max_num_queries(BUDGET):
            response = client.get(f"/api/v1/stories?limit={limit}&lang=zh-hans{query}")
        assert response.status_code == 200
    assert len(client.get(f"/api/v1/stories?limit={limit}").json()["items"]) == min(stories, limit)


@pytest.mark.parametrize("page_cache", [True, False])
@pytest.mark.parametrize("stories", [5, 50])
def test_detail_budget(client, settings, django_assert_max_num_queries, stories, page_cache):
    settings.GUOZHEN_PAGE_CACHE = page_cache
    made, _sections, _tags = fill(stories)
    for article in (made[0], made[-1]):
        with django_assert_max_num_queries(BUDGET):
            response = client.get(f"/api/v1/stories/{article.slug}?lang=zh-hans")
        assert response.status_code == 200


def test_cursor_pages_cost_the_same(client, django_assert_max_num_queries):
    fill(50)
    url = "/api/v1/stories?limit=20"
    while url:
        with django_assert_max_num_queries(BUDGET):
            data = client.get(url).json()
        url = data["next"]
