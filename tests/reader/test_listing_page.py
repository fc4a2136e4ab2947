"""The public list pages made in Python (reader/listing_page.py) are byte for byte what their
templates (``articles/article_list.html``, ``section_detail.html``, ``tag_detail.html``,
``author_detail.html`` on ``listing_base.html`` and ``base.html``) make of the same context."""

import difflib

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import credit, make_article, make_author, make_image, make_section, make_tag
from tests.reader.pages import url

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>&amp; "quoted" \'single\''
LONG_BIO = " ".join(f"word{n}" for n in range(60)) + " <b>bold</b> & more"


def both_ways(client, path):
    """The page as the site serves it, and its template's rendering of the view's context."""
    response = client.get(path)
    assert response.status_code == 200
    assert not hasattr(response, "template_name")  # not a TemplateResponse: the Python page
    request = response.wsgi_request
    match = response.resolver_match
    view = match.func.view_class(**match.func.view_initkwargs)
    view.setup(request, **match.kwargs)
    with translation.override(request.LANGUAGE_CODE):
        view.object_list = view.get_queryset()
        context = view.get_context_data()
        rendered = render_to_string(view.template_name, context, request)
    return response.content.decode(), rendered


def same(served: str, template: str) -> bool:
    if served != template:
        diff = difflib.unified_diff(
            template.splitlines(), served.splitlines(), "template", "python", lineterm=""
        )
        print("\n".join(diff))
    return served == template


@pytest.fixture
def desk(media_root):
    section = make_section(name_en=HOSTILE, name_zh_hans="")
    tag = make_tag(name_en=HOSTILE)
    author = make_author(name_en=HOSTILE, bio_en=LONG_BIO, job_title_en=HOSTILE)
    plain = make_author(name_zh_hans="")
    stories = [make_article(section=section, tags=[tag], hours_ago=hours + 1) for hours in range(22)]
    make_image(stories[0])
    for story in stories:
        credit(story, author)
    credit(stories[0], plain)
    return {"section": section, "tag": tag, "author": author, "plain": plain}


def paths(desk, language):
    return {
        "home": url("articles:index", language),
        "section": url("articles:section", language, slug=desk["section"].slug),
        "tag": url("articles:tag", language, slug=desk["tag"].slug),
        "author": url("articles:author", language, slug=desk["author"].slug),
        "author without a bio": url("articles:author", language, slug=desk["plain"].slug),
    }


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("query", ["", "?page=2"])
def test_every_list_page_is_the_same_page_both_ways(client, desk, language, query):
    for name, path in paths(desk, language).items():
        if query and name == "author without a bio":
            continue  # one story: no second page
        served, template = both_ways(client, path + query)
        assert 'class="card' in served, name
        assert ("pagination" in served) == (name != "author without a bio"), name
        assert same(served, template), name


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_empty_home_and_section_are_the_same_page_both_ways(client, language):
    section = make_section()
    for path in (url("articles:index", language), url("articles:section", language, slug=section.slug)):
        served, template = both_ways(client, path)
        assert 'class="empty"' in served and 'content="noindex"' in served
        assert same(served, template)
