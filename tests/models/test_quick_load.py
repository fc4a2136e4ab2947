"""Instances loaded by QuickLoadMixin.from_db (articles/models/loading.py) agree with Django's own."""

import pytest
from django.db import models
from django.db.models.signals import post_init, pre_init

from articles.models import Article, ArticleImage, Author, Credit, Section, StoryNote, Tag, page_reads
from articles.models.loading import related
from tests.factories import credit, make_article, make_author, make_image, make_note, make_tag

pytestmark = pytest.mark.django_db

QUICK_MODELS = (Article, ArticleImage, Author, Credit, Section, StoryNote, Tag)


def django_loaded(instance):
    """The same row loaded through ``Model.from_db`` (``__init__`` and all)."""
    model = type(instance)
    names = [field.attname for field in model._meta.concrete_fields]
    values = model.objects.filter(pk=instance.pk).values_list(*names).get()
    return models.Model.from_db.__func__(model, "default", names, values)


def concrete_values(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


@pytest.fixture
def story():
    story = make_article(tags=[make_tag()])
    make_image(story)
    make_note(story)
    credit(story, make_author())
    return story


def test_every_reader_model_loads_quickly():
    for model in QUICK_MODELS:
        assert model.from_db.__func__ is not models.Model.from_db.__func__, model


def test_quick_and_django_loads_agree(story):
    for model in QUICK_MODELS:
        for quick in model.objects.all():
            slow = django_loaded(quick)
            assert concrete_values(quick) == concrete_values(slow), model
            assert quick._state.adding is slow._state.adding is False
            assert quick._state.db == slow._state.db == "default"
            assert quick == slow


def test_translated_fields_read_through_the_active_language(story, settings):
    loaded = Article.objects.get(pk=story.pk)
    from django.utils import translation

    with translation.override("zh-hans"):
        assert loaded.title == story.title_zh_hans
    with translation.override("en"):
        assert loaded.title == story.title_en
    loaded.title = "A new headline"  # the descriptor writes the active language's column
    assert loaded.title_en == "A new headline"


def test_remembered_chinese_and_dirty_tracking_survive(story):
    loaded = Article.objects.get(pk=story.pk)
    assert loaded._chinese_as_loaded["title"] == story.title_zh_hans
    loaded.title_zh_hans = "改过的标题"
    loaded.save()
    assert Article.objects.get(pk=story.pk).title_zh_hans == "改过的标题"


def test_deferred_columns_load_on_first_use(story, django_assert_num_queries):
    loaded = Article.objects.only("pk", "slug").get(pk=story.pk)
    assert "body_en" not in loaded.__dict__
    with django_assert_num_queries(1):
        assert loaded.body_en == story.body_en


def test_image_files_and_foreign_keys_behave(story):
    image = ArticleImage.objects.get(article=story)
    assert image.image.name and image.image.url
    assert image.article_id == story.pk and image.article == story


def test_post_init_still_fires(story):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(receiver, sender=Article)
    try:
        list(Article.objects.all())
    finally:
        post_init.disconnect(receiver, sender=Article)
    assert seen == [story.pk]


def test_a_pre_init_listener_gets_django_s_constructor(story):
    seen = []

    def receiver(sender, args, kwargs, **extra):
        seen.append(len(args))

    pre_init.connect(receiver, sender=Article)
    try:
        loaded = Article.objects.get(pk=story.pk)
    finally:
        pre_init.disconnect(receiver, sender=Article)
    assert seen == [len(Article._meta.concrete_fields)]
    assert loaded.title_en == story.title_en


def test_related_reads_prefetched_rows_without_a_query_and_falls_back_to_the_manager(
    django_assert_num_queries,
):
    story = make_article()
    make_note(story, text_en="First note.")
    loaded = page_reads.story_for_page(story.slug)
    with django_assert_num_queries(0):
        assert [note.text_en for note in related(loaded, "notes")] == ["First note."]
        assert list(related(loaded, "tags")) == list(loaded.tags.all())
    fresh = type(story).objects.get(pk=story.pk)
    with django_assert_num_queries(1):
        assert [note.text_en for note in related(fresh, "notes")] == ["First note."]
