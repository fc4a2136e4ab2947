"""The public story page made in Python (reader/story_page.py) is byte for byte what the template
(``articles/article_detail.html`` on ``base.html``, which previews still use) makes of the same story."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import credit, make_article, make_author, make_image, make_note, make_section, make_tag
from tests.reader.pages import url

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>&amp; "quoted" \'single\''


def both_ways(client, article, language):
    """The page as the site serves it, and the template's rendering of the view's context."""
    path = url("articles:detail", language, slug=article.slug)
    response = client.get(path)
    assert response.status_code == 200
    assert not hasattr(response, "template_name")  # not a TemplateResponse: the Python page
    request = response.wsgi_request
    view = response.resolver_match.func.view_class(**response.resolver_match.func.view_initkwargs)
    view.setup(request, **response.resolver_match.kwargs)
    with translation.override(language):
        view.object = view.get_object()
        context = view.get_context_data(object=view.object)
        rendered = render_to_string("articles/article_detail.html", context, request)
    return response.content.decode(), rendered


@pytest.fixture
def full_story(media_root):
    section = make_section(name_en=HOSTILE)
    tag = make_tag(name_en=HOSTILE)
    story = make_article(
        section=section,
        tags=[tag, make_tag()],
        title_en=HOSTILE,
        dek_en=HOSTILE,
        why_it_matters_en=HOSTILE,
        source_name=HOSTILE,
        source_url="https://example.com/report",
    )
    credit(story, make_author(name_en=HOSTILE))
    credit(story, make_author(), role="translator")
    make_image(story, caption_en=HOSTILE)
    make_image(story, position=2)
    make_note(story, text_en=HOSTILE)
    make_article(section=section, tags=[tag])  # a related story
    return story


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_full_story_is_the_same_page_both_ways(client, full_story, language):
    served, template = both_ways(client, full_story, language)
    assert "related__list" in served and "story-notes" in served and "figure" in served
    assert served == template


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_bare_story_is_the_same_page_both_ways(client, language):
    story = make_article(title_zh_hans="", dek_zh_hans="", body_zh_hans="", why_it_matters_zh_hans="")
    served, template = both_ways(client, story, language)
    assert "related__list" not in served
    assert served == template


def test_an_outdated_translation_is_the_same_page_both_ways(client):
    story = make_article()
    story.title_en = "The English headline changed after the translation"
    story.save()
    served, template = both_ways(client, story, "zh-hans")
    assert "notice--outdated" in served
    assert served == template


def test_previews_still_come_from_the_template(admin_client):
    story = make_article(status="draft")
    response = admin_client.get(url("articles:detail", "en", slug=story.slug))
    assert response.status_code == 200
    assert "articles/article_detail.html" in [template.name for template in response.templates]
    assert 'class="preview-banner"' in response.content.decode()
