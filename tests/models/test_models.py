from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from articles.models import Article, Tag
from articles.rendering import split_body
from tests.factories import make_article, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "hours_ago", "visible"),
    [
        ("draft", 2, False),
        ("review", 2, False),
        ("published", 2, True),
        ("published", -1, False),  # scheduled an hour ahead
        ("archived", 2, False),
    ],
)
def test_published_queryset_and_is_published_agree(status, hours_ago, visible):
    article = make_article(status=status, hours_ago=hours_ago)
    assert (article in Article.objects.published()) is visible
    assert article.is_published() is visible


def test_scheduled_story_appears_when_its_time_comes():
    article = make_article(status="published", hours_ago=-1)
    assert article.is_scheduled()
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_slug_uniqueness_is_enforced_by_the_database():
    make_article(slug="same-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.bulk_create([Article(slug="same-slug", section=make_section(), title_en="Other")])
    assert Article.objects.filter(slug="same-slug").count() == 1


def test_published_story_needs_a_publish_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status="published", hours_ago=None)
    assert not Article.objects.exists()


def test_slug_is_ascii_from_english_headline():
    article = make_article(slug="", title_en="Chips: A New Plant in Texas!", title_zh_hans="德州新芯片工厂")
    assert article.slug == "chips-a-new-plant-in-texas"


def test_empty_chinese_headline_falls_back_to_english():
    article = make_article(title_en="Open weights arrive", title_zh_hans="")
    with translation.override("zh-hans"):
        assert Article.objects.get(pk=article.pk).title == "Open weights arrive"
    article.title_zh_hans = "开放权重来了"
    article.save()
    with translation.override("zh-hans"):
        assert Article.objects.get(pk=article.pk).title == "开放权重来了"


def test_body_is_rendered_and_sanitized_on_save():
    article = make_article(body_en="Hello **world** <script>alert(1)</script>\n\n[image 1]\n\nEnd.")
    html = article.body_html_en
    assert "<strong>world</strong>" in html
    assert "<script" not in html
    assert "<!--image:1-->" in html


def test_an_image_placed_inside_a_quote_or_a_list_goes_just_after_it():
    """A page splits the body at its markers: one inside an element would leave it unclosed."""
    body = "Intro.\n\n> A quote.\n>\n> [image 1]\n\n- one\n\n    [image 2]\n\n- two\n\nEnd.\n\n[image 3]"
    html = make_article(body_en=body).body_html_en
    assert "</blockquote><!--image:1-->" in html
    assert "</ul><!--image:2-->" in html
    assert "<!--image:3-->" in html and "[image" not in html
    # A body stored before this rule is split the same way.
    parts = split_body("<blockquote><p>x</p><!--image:1--></blockquote><p>y</p>")
    assert parts == (("html", "<blockquote><p>x</p></blockquote>"), ("image", 1), ("html", "<p>y</p>"))


def test_tags_with_empty_chinese_names_do_not_collide():
    Tag.objects.create(name_en="Robotics", slug="robotics")
    Tag.objects.create(name_en="Energy", slug="energy")
    Tag.objects.create(name_en="Policy", slug="policy", name_zh_hans="")
    assert Tag.objects.count() == 3


def test_duplicate_english_tag_name_is_refused_by_the_database():
    make_tag(name_en="Chips", slug="chips")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name_en="chips", slug="chips-2")
    assert Tag.objects.filter(name_en__iexact="chips").count() == 1


def test_adding_existing_tag_while_chinese_is_active_reuses_it():
    tag = make_tag(name_en="NVIDIA", name_zh_hans="英伟达", slug="nvidia")
    article = make_article()
    with translation.override("zh-hans"):
        article.tags.add("NVIDIA")
        article.tags.add("Brand New Tag")
    assert list(article.tags.order_by("slug")) == [Tag.objects.get(slug="brand-new-tag"), tag]
    assert Tag.objects.filter(name_en="NVIDIA").count() == 1
    new = Tag.objects.get(slug="brand-new-tag")
    assert new.name_en == "Brand New Tag"
    assert not new.name_zh_hans


def test_tag_slug_is_ascii_even_for_chinese_only_input():
    tag = Tag(name_en="芯片")
    tag.save()
    assert tag.slug.isascii() and tag.slug


def test_tag_filter_by_slug_works_in_both_languages():
    tag = make_tag(slug="supply-chain", name_en="Supply Chain", name_zh_hans="供应链")
    article = make_article(tags=[tag])
    for lang in ("en", "zh-hans"):
        with translation.override(lang):
            assert list(Article.objects.filter(tags__slug="supply-chain")) == [article]
