"""Each translation notice appears only when it is true; a story with no Chinese is "not started"."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import change_url, editor_data, make_article, make_staff_user

pytestmark = pytest.mark.django_db

PARTLY = "本文尚未完全翻译"
IN_ENGLISH = "本文只有英文版"


def chinese_page(client, article) -> str:
    with translation.override("zh-hans"):
        url = reverse("articles:detail", kwargs={"slug": article.slug})
    return client.get(url).content.decode().split("<main")[1]


def test_a_complete_but_outdated_story_shows_only_the_outdated_notice(client):
    article = make_article(title_en="Robots learn to fold laundry", title_zh_hans="机器人学会叠衣服")
    editor = Client()
    editor.force_login(make_staff_user("Editors"))
    response = editor.post(change_url(article), editor_data(article, title_en="Robots learn to fold shirts"))
    assert response.status_code == 302
    html = chinese_page(client, article)
    assert PARTLY not in html and IN_ENGLISH not in html
    assert "英文版" in html  # the outdated notice, with its link to the English


def test_a_story_with_no_chinese_says_it_is_in_english(client):
    article = make_article(
        title_zh_hans="",
        dek_zh_hans="",
        body_zh_hans="",
        why_it_matters_zh_hans="",
        title_en="Only in English",
    )
    html = chinese_page(client, article)
    assert IN_ENGLISH in html and PARTLY not in html


def test_a_partly_translated_story_says_so(client):
    article = make_article(body_zh_hans="", why_it_matters_zh_hans="")
    html = chinese_page(client, article)
    assert PARTLY in html and IN_ENGLISH not in html


def test_the_story_list_calls_a_story_with_no_chinese_not_started(client):
    make_article(
        title_zh_hans="", dek_zh_hans="", body_zh_hans="", why_it_matters_zh_hans="", title_en="Bare one"
    )
    make_article(body_zh_hans="", why_it_matters_zh_hans="", title_en="Half one")
    client.force_login(make_staff_user("Editors"))
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert '<span class="gz-badge gz-badge-not-started">not started</span>' in html
    assert "zh 0%" not in html
    assert "zh 50%" in html and "partial" in html
    chinese = client.get(reverse("admin:articles_article_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "未开始" in chinese.content.decode()


OUTDATED_LINK = "notice--outdated"


def counts_both_ways(article) -> tuple:
    """The counts the Chinese page reads in SQL, and ``article_status()``'s of the same story."""
    from articles.models import Article, page_reads
    from articles.translations.status import article_status, chinese_counts

    with translation.override("zh-hans"):
        counts = chinese_counts(page_reads.story_for_page(article.slug))
    status = article_status(Article.objects.prefetch_related("images", "notes").get(pk=article.pk))
    return (counts.total, counts.missing, counts.outdated), (status.total, status.missing, status.outdated)


def test_an_image_caption_without_chinese_makes_the_story_partly_translated(client, media_root):
    from tests.factories import make_image

    article = make_article()
    make_image(article, caption_zh_hans="")
    html = chinese_page(client, article)
    assert PARTLY in html and IN_ENGLISH not in html and OUTDATED_LINK not in html
    sql, python = counts_both_ways(article)
    assert sql == python and sql[1] == 1


def test_a_note_whose_english_changed_makes_the_story_outdated(client):
    from tests.factories import make_note

    article = make_article()
    note = make_note(
        article, text_en="An earlier version gave the wrong date.", text_zh_hans="早先版本日期有误。"
    )
    assert OUTDATED_LINK not in chinese_page(client, article)
    note.text_en = "An earlier version gave the wrong date and the wrong place."
    note.save()
    html = chinese_page(client, article)
    assert OUTDATED_LINK in html and PARTLY not in html
    sql, python = counts_both_ways(article)
    assert sql == python and sql[2] == 1


def test_browser_line_endings_in_the_english_do_not_make_the_chinese_outdated(client):
    article = make_article(body_en="First paragraph.\n\nSecond paragraph.")
    article.body_en = "First paragraph.\r\n\r\nSecond paragraph."
    article.save()
    assert OUTDATED_LINK not in chinese_page(client, article)
    sql, python = counts_both_ways(article)
    assert sql == python == ((4, 0, 0))


def test_the_counts_of_a_story_with_no_chinese_match_its_status(client):
    article = make_article(title_zh_hans="", dek_zh_hans="", body_zh_hans="", why_it_matters_zh_hans="")
    sql, python = counts_both_ways(article)
    assert sql == python == (4, 4, 0)
