"""Reading a translated field (``story.title``) gives what django-modeltranslation's own descriptor
gives: the columns it tries are worked out once per language (``articles/translation.py``)."""

import itertools

import pytest
from django.utils import translation
from modeltranslation.utils import fallbacks

from articles import translation as registration
from articles.models import Article
from tests.factories import make_article, make_author, make_image

pytestmark = pytest.mark.django_db

VALUES = ("", None, "Text", "文字")


def modeltranslations_own(instance, name):
    descriptor = type(instance).__dict__[name]
    return registration._descriptor_get(descriptor, instance, type(instance))


def test_the_installed_read_is_ours():
    assert Article.__dict__["title"].__class__.__get__ is registration._translated_value


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-cn", "fr", None])
@pytest.mark.parametrize("fallback", [True, False])
def test_every_value_language_and_fallback_reads_as_modeltranslation_reads_it(language, fallback, media_root):
    story = make_article()
    image = make_image(story)
    author = make_author()
    cases = [(story, "why_it_matters"), (story, "dek"), (image, "caption"), (author, "job_title")]
    for (obj, name), (english, chinese) in itertools.product(cases, itertools.product(VALUES, VALUES)):
        obj.__dict__[f"{name}_en"], obj.__dict__[f"{name}_zh_hans"] = english, chinese
        with translation.override(language), fallbacks(fallback):
            assert getattr(obj, name) == modeltranslations_own(obj, name), (obj, name, english, chinese)


def test_a_deferred_column_still_loads_on_first_read(django_assert_num_queries):
    story = make_article(title_zh_hans="中文标题")
    loaded = Article.objects.defer("title_zh_hans").get(pk=story.pk)
    with translation.override("zh-hans"), django_assert_num_queries(1):
        assert loaded.title == "中文标题"
        assert loaded.title == "中文标题"
    with translation.override("en"), django_assert_num_queries(0):
        assert loaded.title == story.title_en
