"""Story cards are kept per process by the values they show (reader/cards.py): never stale.

The page cache is off here, so each request renders the list; the rows change behind the cards'
backs (QuerySet.update, which sends no signal) and the next page must show the new values.
"""

import pytest

from articles.models import Article, ArticleImage
from tests.factories import make_article, make_image, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.GUOZHEN_PAGE_CACHE = False


def test_a_changed_headline_section_or_picture_shows_at_once(client):
    section = make_section(name_en="Chips")
    story = make_article(section=section, title_en="First headline")
    image = make_image(story)
    assert "First headline" in client.get("/en/").text

    Article.objects.filter(pk=story.pk).update(title_en="Second headline")
    section.name_en = "Silicon"
    section.save()  # the navigation's section list is cached under the page generation; a save bumps it
    ArticleImage.objects.filter(pk=image.pk).update(alt_text_en="A new description")
    page = client.get("/en/").text
    assert "Second headline" in page and "First headline" not in page
    assert ">Silicon</a>" in page
    assert 'alt="A new description"' in page


def test_each_language_and_the_featured_card_get_their_own_markup(client):
    make_article(title_en="Older story", title_zh_hans="", hours_ago=3)
    make_article(title_en="Newest story", title_zh_hans="最新报道", hours_ago=1)
    english, chinese = client.get("/en/").text, client.get("/zh-hans/").text
    assert "card--featured" in english and english.index("Newest story") < english.index("Older story")
    assert "最新报道" in chinese
    # The untranslated headline falls back to English, marked as such, on the Chinese page only.
    assert 'lang="en">Older story</a>' in chinese
    assert 'lang="en">Older story' not in english


def test_hostile_values_are_escaped_in_a_remembered_card(client):
    make_article(title_en='<script>alert("x")</script>', dek_en="a & b")
    for _ in range(2):  # made, then reused
        page = client.get("/en/").text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "a &amp; b" in page
