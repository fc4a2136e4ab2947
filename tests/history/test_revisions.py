"""Story history through the admin: every save recorded, readable diffs, one-click restore, recovery."""

import io
import json
from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Revision, Version

from articles.history import comments
from articles.models import Article, ArticleImage, TaggedArticle
from tests.admin.test_admin import story_form_data
from tests.admin.test_locking import client_for, open_form, save
from tests.factories import make_article, make_image, make_staff_user, make_superuser, make_tag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_picture_encodings")]


def story_versions(article):
    return Version.objects.get_for_object(article).select_related("revision__user").order_by("-pk")


def history(client, article) -> str:
    response = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def editor():
    return make_superuser("erin")


def test_admin_add_records_a_revision_with_every_language_tags_status_time_and_images(client, editor):
    client.force_login(editor)
    tags = [make_tag(), make_tag()]
    response = client.post(
        reverse("admin:articles_article_add"),
        story_form_data(
            make_article().section,
            tags,
            status="published",
            published_at_0="2026-01-05",
            published_at_1="09:30:00",
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="robot-arms-learn-from-video")
    [version] = story_versions(article)
    assert version.revision.user == editor
    stored = json.loads(version.serialized_data)[0]["fields"]
    assert (
        stored["title_en"] == "Robot arms learn from video"
        and stored["title_zh_hans"] == "机械臂从视频中学习"
    )
    assert (
        stored["body_zh_hans"].startswith("实验室如是说")
        and stored["why_it_matters_en"] == "Cheap data for robots."
    )
    assert stored["status"] == "published"
    assert datetime.fromisoformat(stored["published_at"]) == datetime(2026, 1, 5, 1, 30, tzinfo=UTC)
    assert "title" not in stored  # only the real language columns, never modeltranslation's mirror
    in_revision = version.revision.version_set.all()
    images = [v for v in in_revision if v.content_type.model_class() is ArticleImage]
    tagged = [v for v in in_revision if v.content_type.model_class() is TaggedArticle]
    assert sorted(v.field_dict["caption_zh_hans"] for v in images) == ["图注1", "图注2"]
    assert sorted(v.field_dict["alt_text_en"] for v in images) == ["Robot arm photo 1", "Robot arm photo 2"]
    assert {v.field_dict["tag_id"] for v in tagged} == {t.pk for t in tags}


def test_translator_save_is_recorded_under_their_name():
    article = make_article(title_en="Wind farm output record", title_zh_hans="")
    translator = client_for(make_staff_user("Translators", "tina"))
    form = open_form(translator, article)
    assert save(translator, article, {**form, "title_zh_hans": "风电场发电量创纪录"}).status_code == 302
    latest = story_versions(article).first()
    assert latest.revision.user.username == "tina"
    assert latest.field_dict["title_zh_hans"] == "风电场发电量创纪录"


@pytest.mark.parametrize(
    ("action", "comment"),
    [("publish_now", "Published."), ("send_back_to_draft", "Sent back to draft."), ("archive", "Archived.")],
)
def test_admin_actions_record_a_revision_with_who_and_what(client, editor, action, comment):
    client.force_login(editor)
    article = make_article(status="review", hours_ago=2)
    client.post(
        reverse("admin:articles_article_changelist"), {"action": action, "_selected_action": [article.pk]}
    )
    latest = story_versions(article).first()
    assert latest.revision.user == editor
    assert comments.render(latest.revision.comment) == comment
    assert latest.field_dict["status"] == Article.objects.get(pk=article.pk).status


def test_history_shows_who_when_and_a_diff_per_field_and_language(client, editor):
    client.force_login(editor)
    article = make_article(title_en="Lidar prices fall", title_zh_hans="激光雷达价格下降")
    form = open_form(client, article)
    save(
        client,
        article,
        {**form, "title_zh_hans": "激光雷达价格大幅下降", "dek_en": "Cheaper <b>sensors</b> now."},
    )

    html = history(client, article)
    assert "Chinese headline" in html
    assert (
        '<del class="gz-del">激光雷达价格下降</del> → <ins class="gz-ins">激光雷达价格大幅下降</ins>' in html
    )
    assert "English dek" in html
    assert "Cheaper &lt;b&gt;sensors&lt;/b&gt; now." in html and "<b>sensors</b>" not in html
    assert "erin" in html
    assert "English headline" not in html  # unchanged fields are not listed
    # The edit of a story made outside the admin first records how it was, so it can be undone.
    assert "First recorded version." in html


def test_long_body_diff_marks_only_the_changed_words(client, editor):
    client.force_login(editor)
    body = " ".join(f"word{i}" for i in range(200))
    article = make_article(title_en="Long read on chips", body_en=body)
    form = open_form(client, article)
    save(client, article, {**form, "body_en": body.replace("word100", "changed100")})
    html = history(client, article)
    assert '<del class="gz-del">word100</del><ins class="gz-ins">changed100</ins>' in html
    assert "word1 " not in html  # far-away unchanged text is shortened
    assert "…" in html


def test_restore_is_one_click_brings_back_text_tags_and_images_and_is_recorded(client, editor):
    client.force_login(editor)
    keep, drop = make_tag(), make_tag()
    article = make_article(title_en="Fusion startup hits milestone", tags=[keep])
    make_image(article, caption_en="Reactor hall")
    form = open_form(client, article)
    assert save(client, article, {**form, "title_en": "Fusion startup misses milestone"}).status_code == 302
    original = story_versions(article).last()  # the state before the edit

    form = open_form(client, article)
    form.update({"tags": [str(keep.pk), str(drop.pk)], "images-0-DELETE": "on", "title_zh_hans": "聚变"})
    assert save(client, article, form).status_code == 302
    assert not ArticleImage.objects.filter(article=article).exists()
    version_before = Article.objects.get(pk=article.pk).version

    url = reverse("admin:articles_article_revision", args=[article.pk, original.pk])
    preview = client.get(url).content.decode()
    assert "Restore this version" in preview and "Fusion startup misses milestone" in preview
    response = client.post(url)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Fusion startup hits milestone"
    assert article.title_zh_hans == original.field_dict["title_zh_hans"]
    assert list(article.tags.all()) == [keep]
    assert [i.caption_en for i in article.images.all()] == ["Reactor hall"]
    assert article.version == version_before + 1  # forward, never back
    latest = story_versions(article).first()
    assert comments.render(latest.revision.comment).startswith("Restored the version of")
    assert latest.revision.user == editor
    assert "Restored the version of" in history(client, article)


def test_a_form_opened_before_a_restore_conflicts_instead_of_undoing_it(client, editor):
    client.force_login(editor)
    article = make_article(title_en="Chip export rules tighten")
    save(client, article, {**open_form(client, article), "title_en": "Chip export rules loosen"})
    stale = open_form(client, article)
    client.post(
        reverse("admin:articles_article_revision", args=[article.pk, story_versions(article).last().pk])
    )
    response = save(client, article, {**stale, "title_en": "Chip export rules unchanged"})
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).title_en == "Chip export rules tighten"


def test_translator_cannot_restore(editor):
    article = make_article(title_en="Edge AI chips ship")
    editor_client = client_for(editor)
    save(editor_client, article, {**open_form(editor_client, article), "title_en": "Edge AI chips ship late"})
    translator = client_for(make_staff_user("Translators", "tina"))
    url = reverse("admin:articles_article_revision", args=[article.pk, story_versions(article).last().pk])
    assert translator.post(url).status_code == 403
    assert "Restore this version" not in history(translator, article)
    assert Article.objects.get(pk=article.pk).title_en == "Edge AI chips ship late"


def test_deleted_story_is_recovered_by_an_editor_through_the_admin(client, editor):
    client.force_login(editor)
    tag = make_tag()
    article = make_article(title_en="Battery recycling plant opens", tags=[tag])
    make_image(article, caption_zh_hans="回收工厂")
    pk = article.pk
    response = client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=pk).exists()

    listing = client.get(reverse("admin:articles_article_recoverlist")).content.decode()
    assert "Battery recycling plant opens" in listing and "erin" in listing
    deleted = Version.objects.get_deleted(Article).get()
    recover_url = reverse("admin:articles_article_recover", args=[deleted.pk])
    preview = client.get(recover_url).content.decode()
    assert "Recover this story" in preview and "Battery recycling plant opens" in preview

    response = client.post(recover_url)
    assert response.status_code == 302
    article = Article.objects.get(pk=pk)
    assert article.title_en == "Battery recycling plant opens"
    assert list(article.tags.all()) == [tag]
    assert [i.caption_zh_hans for i in article.images.all()] == ["回收工厂"]
    comment = story_versions(article).first().revision.comment
    assert comments.render(comment).startswith("Recovered after deletion")
    assert not Version.objects.get_deleted(Article).exists()


def test_bulk_delete_keeps_each_story_recoverable_on_its_own(client, editor):
    client.force_login(editor)
    first = make_article(title_en="Solar glass factory")
    second = make_article(title_en="Hydrogen truck pilot")
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert not Article.objects.exists()
    deleted = {v.object_repr: v for v in Version.objects.get_deleted(Article)}
    client.post(reverse("admin:articles_article_recover", args=[deleted["Solar glass factory"].pk]))
    assert list(Article.objects.values_list("title_en", flat=True)) == ["Solar glass factory"]


def test_recovery_is_refused_when_the_slug_was_taken(client, editor):
    client.force_login(editor)
    article = make_article(title_en="Satellite internet in Laos", slug="satellite-laos")
    client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    make_article(title_en="Different story same address", slug="satellite-laos")
    deleted = Version.objects.get_deleted(Article).get()
    response = client.post(reverse("admin:articles_article_recover", args=[deleted.pk]), follow=True)
    assert "Another story now uses the address" in response.content.decode()
    assert Article.objects.filter(slug="satellite-laos").count() == 1
    assert not Article.objects.filter(title_en="Satellite internet in Laos").exists()


def test_demo_story_history_starts_with_its_original_state(client, editor):
    call_command("load_demo", no_accounts=True)
    article = Article.objects.published().first()
    client.force_login(editor)
    assert not story_versions(article).exists()
    form = open_form(client, article)
    save(client, article, {**form, "title_en": "A brand new demo headline"})
    versions = list(story_versions(article))
    assert len(versions) == 2
    assert versions[1].field_dict["title_en"] == article.title_en
    assert versions[1].revision.user is None


@pytest.mark.parametrize("edits", [3, 15])
def test_history_page_query_count_stays_flat(client, editor, django_assert_max_num_queries, edits):
    client.force_login(editor)
    article = make_article(title_en="Robotaxi permits expand")
    make_image(article)
    for n in range(edits):
        save(client, article, {**open_form(client, article), "title_zh_hans": f"自动驾驶出租车许可{n}"})
    for _ in range(5):
        make_article()
    with django_assert_max_num_queries(19):  # 16, the notes recorded and current, the language preference
        response = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert response.content.decode().count("Restore this version") == edits


def test_revisions_of_a_story_are_content_type_scoped():
    """A story's history never picks up an image or tag row of another story with a similar id."""
    one = make_article(title_en="Story one about GPUs")
    other = make_article(title_en="Story two about TPUs")
    make_image(other)
    from articles.history.recording import record_revision
    from articles.history.snapshots import snapshot_from_version

    record_revision(one)
    version = Version.objects.get(
        content_type=ContentType.objects.get_for_model(Article), object_id=str(one.pk)
    )
    assert snapshot_from_version(version).images == {}
    assert Revision.objects.count() == 1


def test_browser_line_breaks_do_not_show_up_as_changes(client, editor):
    """Browsers post textareas with \\r\\n; only the headline the editor touched is a change."""
    client.force_login(editor)
    article = make_article(title_en="Heat pumps outsell gas boilers", body_en="One.\n\nTwo.\n\nThree.")
    form = open_form(client, article)
    browser_style = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in form.items()}
    save(client, article, {**browser_style, "title_en": "Heat pumps outsell gas boilers again"})
    assert "\r" not in Article.objects.get(pk=article.pk).body_en
    html = history(client, article)
    assert "English headline" in html
    assert "English body" not in html and "Chinese body" not in html
    assert "Changed English headline." in html  # the revision comment agrees


def test_restore_skips_an_image_whose_file_is_gone_and_says_so(client, editor):
    client.force_login(editor)
    article = make_article(title_en="Ocean drones map reefs")
    image = make_image(article, caption_en="Reef survey")
    save(
        client,
        article,
        {**open_form(client, article), "images-0-DELETE": "on", "title_en": "Ocean drones map more reefs"},
    )
    image.image.storage.delete(image.image.name)  # e.g. removed by a clean-up job
    original = story_versions(article).last()
    response = client.post(
        reverse("admin:articles_article_revision", args=[article.pk, original.pk]), follow=True
    )
    html = response.content.decode()
    assert "Image 1: its file is gone." in html
    article.refresh_from_db()
    assert article.title_en == "Ocean drones map reefs" and not article.images.exists()


def test_restore_after_renditions_were_regenerated_keeps_every_picture_file(
    client, editor, django_capture_on_commit_callbacks
):
    from articles.images import renditions_complete

    client.force_login(editor)
    article = make_article(title_en="Glacier radar survey")
    make_image(article, caption_en="Radar sled on ice")
    save(client, article, {**open_form(client, article), "title_en": "Glacier radar survey ends"})
    original = story_versions(article).last()
    with django_capture_on_commit_callbacks(execute=True):  # the old rendition files are removed
        call_command("regenerate_renditions", "--force", stdout=io.StringIO(), stderr=io.StringIO())

    response = client.post(reverse("admin:articles_article_revision", args=[article.pk, original.pk]))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Glacier radar survey"
    [image] = article.images.all()
    assert image.caption_en == "Radar sled on ice"
    assert renditions_complete(image)  # every file the page will link to exists


def test_recovered_story_whose_image_files_were_removed_comes_back_without_them(
    client, editor, media_root, django_capture_on_commit_callbacks
):
    """Deleting a story removes its image files once the delete commits (no orphans), so a
    recovered story comes back with its text, and the editor is told which images are gone."""
    client.force_login(editor)
    article = make_article(title_en="Kelp farm harvest doubles")
    make_image(article)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert not [p for p in media_root.rglob("*") if p.is_file()]

    deleted = Version.objects.get_deleted(Article).get()
    response = client.post(reverse("admin:articles_article_recover", args=[deleted.pk]), follow=True)

    assert "Image 1: its file is gone." in response.content.decode()
    recovered = Article.objects.get(pk=article.pk)
    assert recovered.title_en == "Kelp farm harvest doubles" and not recovered.images.exists()
