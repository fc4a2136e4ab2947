"""Notifications by mail: each kind reaches the right people, in their language, with the right links."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.models import Article, UserPreferences
from tests.factories import change_url, editor_data, make_article, make_staff_user, translator_data
from tests.notifications.conftest import html_of, run_worker, text_of

# Transactional: the save's on_commit really runs, and the worker (which closes connections left
# inside a transaction, as between its tasks) sees the committed rows, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def staff(role, name, *, language="en", **opt_outs):
    user = make_staff_user(role, name)
    user.email = f"{name}@example.com"
    user.save()
    UserPreferences.objects.create(user=user, language=language, **opt_outs)
    return user


def save_form(client, article, **changes):
    return client.post(change_url(article), editor_data(article, **changes))


def test_editors_are_told_when_a_story_enters_review(client, inbox):
    writer = staff("Editors", "wanda")
    staff("Editors", "edna")
    staff("Editors", "zhou", language="zh-hans")
    staff("Editors", "quiet", notify_review=False)
    staff("Translators", "tom")
    article = make_article(
        status="draft", hours_ago=None, title_en="Memory prices climb", title_zh_hans="内存价格上涨"
    )

    client.force_login(writer)
    response = save_form(client, article, status="review")
    assert response.status_code == 302
    assert inbox.messages == []  # nothing is sent while the editor waits for the page
    run_worker()

    assert sorted(a for m in inbox.messages for a in m.envelope_to) == [
        "edna@example.com",
        "zhou@example.com",
    ]
    (english,) = inbox.to("edna@example.com")
    assert english["Subject"] == "Waiting for review: Memory prices climb"
    assert english["Content-Language"] == "en"
    link = "https://news.example.com" + change_url(article)
    assert link in text_of(english) and f'href="{link}"' in html_of(english)
    (chinese,) = inbox.to("zhou@example.com")
    assert "内存价格上涨" in chinese["Subject"] and "待审" in chinese["Subject"]
    assert "等待审核" in text_of(chinese) and "Waiting" not in text_of(chinese)
    assert 'lang="zh-hans"' in html_of(chinese)

    # Saving again while it stays in review tells nobody again.
    save_form(client, article, status="review", dek_en="A new dek.")
    run_worker()
    assert len(inbox.messages) == 2


def test_the_translator_is_told_which_fields_went_outdated(client, inbox):
    translator = staff("Translators", "tina", language="zh-hans")
    editor = staff("Editors", "eric")
    article = make_article(status="published", translator=translator, title_en="Old headline words")
    client.force_login(editor)
    save_form(
        client,
        article,
        title_en="New headline words",
        dek_en="A new dek.",
    )
    run_worker()

    (message,) = inbox.to("tina@example.com")
    assert len(inbox.messages) == 1
    text = text_of(message)
    assert "标题" in text and "导语" in text  # headline and dek, named in Chinese
    assert "正文" not in text  # the body did not change
    assert "https://news.example.com" + change_url(article) in text
    assert Article.objects.get(pk=article.pk).title_en == "New headline words"

    # A Chinese-only save by the translator changes no English: no mail.
    client.force_login(translator)
    client.post(change_url(article), translator_data(article, title_zh_hans="新标题"))
    run_worker()
    assert len(inbox.messages) == 1


def test_the_writer_is_told_when_their_story_is_published(client, inbox):
    writer = staff("Editors", "walt", language="zh-hans")
    editor = staff("Editors", "emma")
    article = make_article(
        status="review",
        hours_ago=None,
        writer=writer,
        title_en="Robots at the port",
        title_zh_hans="港口机器人",
    )
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    run_worker()
    (message,) = inbox.to("walt@example.com")
    assert len(inbox.messages) == 1
    assert "港口机器人" in message["Subject"]
    assert f"https://news.example.com/zh-hans/stories/{article.slug}/" in text_of(message)
    assert f'href="https://news.example.com/zh-hans/stories/{article.slug}/"' in html_of(message)


def test_each_kind_can_be_turned_off_on_the_settings_page(client, inbox):
    writer = staff("Editors", "olga")
    client.force_login(writer)
    page = client.get(reverse("admin:articles_my_settings"))
    assert page.status_code == 200 and "A story I wrote is published" in page.content.decode()
    response = client.post(
        reverse("admin:articles_my_settings"),
        {"language": "en", "time_zone": "Europe/Berlin", "notify_review": "on", "notify_outdated": "on"},
    )
    assert response.status_code == 302
    preferences = UserPreferences.objects.get(user=writer)
    assert (preferences.notify_review, preferences.notify_published, preferences.time_zone) == (
        True,
        False,
        "Europe/Berlin",
    )

    article = make_article(status="draft", hours_ago=None, writer=writer)
    client.force_login(staff("Editors", "pete"))
    save_form(
        client,
        article,
        status="published",
        published_at_0="2026-01-01",
        published_at_1="10:00:00",
    )
    run_worker()
    assert inbox.to("olga@example.com") == []


def test_a_failed_save_sends_nothing(client, inbox):
    staff("Editors", "erin")
    writer = staff("Editors", "will")
    article = make_article(status="draft", hours_ago=None)
    client.force_login(writer)
    response = save_form(client, article, status="review", title_en="")
    assert response.status_code == 200  # the form came back with an error
    assert Article.objects.get(pk=article.pk).status == "draft"
    assert not DBTaskResult.objects.exists()
    run_worker()
    assert inbox.messages == []


def test_a_down_mail_server_does_not_break_the_save_and_the_mail_is_retried(client, smtp_settings, caplog):
    from tests.notifications.conftest import start_server

    smtp_settings.GUOZHEN_MAIL_RETRY_SECONDS = 0
    staff("Editors", "ella")
    writer = staff("Editors", "wes")
    article = make_article(status="draft", hours_ago=None, title_en="Server down story")
    client.force_login(writer)
    response = save_form(client, article, status="review")
    assert response.status_code == 302  # nothing listens on the SMTP port: the save is unaffected
    assert Article.objects.get(pk=article.pk).status == "review"

    run_worker(max_tasks=1)
    assert "Could not send review mail" in caplog.text
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the retry, queued

    inbox, controller = start_server(smtp_settings.EMAIL_PORT)
    try:
        run_worker()
    finally:
        controller.stop()
    (message,) = inbox.to("ella@example.com")
    assert message["Subject"] == "Waiting for review: Server down story"
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


def test_retries_stop_after_the_limit_and_the_failure_is_recorded(client, smtp_settings):
    smtp_settings.GUOZHEN_MAIL_RETRY_SECONDS = 0
    smtp_settings.GUOZHEN_MAIL_RETRIES = 3
    staff("Editors", "ezra")
    client.force_login(staff("Editors", "wren"))
    save_form(
        client,
        make_article(status="draft", hours_ago=None),
        status="review",
    )
    run_worker()
    assert DBTaskResult.objects.count() == 3
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_users_without_an_address_or_inactive_get_nothing(client, inbox):
    nameless = make_staff_user("Editors", "noaddress")
    gone = staff("Editors", "left")
    get_user_model().objects.filter(pk=gone.pk).update(is_active=False)
    client.force_login(staff("Editors", "wynn"))
    save_form(
        client,
        make_article(status="draft", hours_ago=None),
        status="review",
    )
    run_worker()
    assert inbox.messages == []
    assert nameless.email == ""
