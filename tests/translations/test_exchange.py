"""XLIFF exchange files: export, an outside tool (translate-toolkit) fills in targets, import; refusals."""

import pytest
from django.core.management import CommandError, call_command
from translate.storage import xliff

from articles.models import Article, ArticleImage, Tag
from articles.translations.status import article_status
from tests.factories import make_article, make_image, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    tag = make_tag(name_en="Lidar", name_zh_hans="")
    article = make_article(
        title_en="Lidar prices fall",
        title_zh_hans="",
        dek_en="Sensors get cheaper.",
        dek_zh_hans="",
        body_en="First paragraph.\n\nSecond paragraph.",
        body_zh_hans="",
        why_it_matters_en="Cars see more.",
        why_it_matters_zh_hans="",
        slug="lidar-prices",
        tags=[tag],
    )
    make_image(
        article, caption_en="A sensor", caption_zh_hans="", alt_text_en="A lidar unit", alt_text_zh_hans=""
    )
    return article


def export(tmp_path, *args) -> xliff.xlifffile:
    path = tmp_path / "out.xlf"
    call_command("export_translations", *args, "-o", str(path), stdout=open("/dev/null", "w"))
    return path


def units_by_id(store):
    return {unit.xmlelement.get("id"): unit for unit in store.getunits()}


def run_import(path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_translations", str(path), stdout=out)
    return out.getvalue()


def test_export_writes_xliff_12_with_a_unit_per_field_and_a_note(tmp_path, story):
    path = export(tmp_path, "lidar-prices")
    text = path.read_text()
    assert 'version="1.2"' in text and "urn:oasis:names:tc:xliff:document:1.2" in text
    store = xliff.xlifffile.parsestring(path.read_bytes())
    assert store.gettargetlanguage() == "zh-Hans" and store.getsourcelanguage() == "en"
    units = units_by_id(store)
    image = story.images.get()
    tag = story.tags.get()
    assert set(units) == {
        *(f"story:{story.pk}:{n}" for n in ("title", "dek", "body", "why_it_matters")),
        f"image:{image.pk}:caption",
        f"image:{image.pk}:alt_text",
        f"tag:{tag.pk}:name",
    }
    assert units[f"story:{story.pk}:body"].source == "First paragraph.\n\nSecond paragraph."
    assert "lidar-prices" in units[f"story:{story.pk}:title"].getnotes()


def test_round_trip_with_translate_toolkit_as_the_outside_tool(tmp_path, story):
    path = export(tmp_path, "lidar-prices")
    store = xliff.xlifffile.parsestring(path.read_bytes())
    filled = {}
    for unit in store.getunits():  # the outside translator's work
        unit.target = f"译文：{unit.source}"
        filled[unit.xmlelement.get("id")] = unit.target
    path.write_bytes(bytes(store))
    english_before = Article.objects.values_list("title_en", "body_en").get(pk=story.pk)

    report = run_import(path)

    assert "Applied: 7, unchanged: 0, outdated: 0, refused: 0." in report
    article = Article.objects.prefetch_related("images").get(pk=story.pk)
    for name in ("title", "dek", "body", "why_it_matters"):
        assert getattr(article, f"{name}_zh_hans") == filled[f"story:{story.pk}:{name}"]
    image = article.images.get()
    assert image.caption_zh_hans == filled[f"image:{image.pk}:caption"]
    assert Tag.objects.get().name_zh_hans == filled[f"tag:{story.tags.get().pk}:name"]
    assert article_status(article).state == "complete"
    assert (article.title_en, article.body_en) == english_before  # English untouched
    assert "Applied: 0, unchanged: 7" in run_import(path)  # a second import changes nothing


def test_a_unit_whose_english_changed_is_saved_but_outdated_and_reported(tmp_path, story):
    path = export(tmp_path, "lidar-prices")
    store = xliff.xlifffile.parsestring(path.read_bytes())
    for unit in store.getunits():
        unit.target = "激光雷达降价" if unit.xmlelement.get("id").endswith(":title") else None
    path.write_bytes(bytes(store))
    Article.objects.filter(pk=story.pk).update(title_en="Lidar prices fall again")

    report = run_import(path)

    assert "outdated: 1" in report and f"story:{story.pk}:title" in report
    article = Article.objects.prefetch_related("images").get(pk=story.pk)
    assert article.title_zh_hans == "激光雷达降价"
    assert article_status(article).fields["title"] == "outdated"


def snapshot():
    return (
        list(Article.objects.order_by("pk").values_list("title_zh_hans", "dek_zh_hans", "version")),
        list(ArticleImage.objects.values_list("caption_zh_hans", flat=True)),
        list(Tag.objects.values_list("name_zh_hans", flat=True)),
    )


def filled_export(tmp_path, story) -> tuple:
    path = export(tmp_path, "lidar-prices")
    store = xliff.xlifffile.parsestring(path.read_bytes())
    for unit in store.getunits():
        unit.target = "中文"
    return path, store


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda s: s.replace(b"</body>", b"<body>"), "not valid XLIFF"),
        (
            lambda s: s.replace(
                b"<xliff", b'<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<xliff', 1
            ),
            "DOCTYPE",
        ),
        (lambda s: s.replace(b'target-language="zh-Hans"', b'target-language="fr"'), "target language"),
        (lambda s: s.replace(b':title"', b':status"'), "units this site does not know"),
        (lambda s: s.replace(b'id="story:', b'id="story:9', 1), "units this site does not know"),
        (lambda s: s.replace(b"\xe4\xb8\xad\xe6\x96\x87", "中文".encode("gb18030")), "UTF-8"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_applied(tmp_path, story, mutate, problem):
    path, store = filled_export(tmp_path, story)
    path.write_bytes(mutate(bytes(store)))
    before = snapshot()
    with pytest.raises(CommandError) as excinfo:
        run_import(path)
    assert "nothing was applied" in str(excinfo.value) and problem in str(excinfo.value)
    assert snapshot() == before


def test_a_file_over_10_mb_is_refused(tmp_path, story):
    path, store = filled_export(tmp_path, story)
    path.write_bytes(bytes(store).replace(b"</xliff>", b"<!--" + b"x" * (10 * 1024 * 1024) + b"--></xliff>"))
    before = snapshot()
    with pytest.raises(CommandError, match="10 MB"):
        run_import(path)
    assert snapshot() == before


def test_queue_export_holds_the_stories_that_need_chinese(tmp_path, story):
    done = make_article(title_en="Fully translated already", slug="all-done")
    store = xliff.xlifffile.parsestring(export(tmp_path, "--queue").read_bytes())
    ids = set(units_by_id(store))
    assert f"story:{story.pk}:title" in ids and f"story:{done.pk}:title" not in ids


# --- the admin -----------------------------------------------------------------------------------


def test_the_story_list_action_and_the_queue_link_download_xliff(client, story):
    from django.urls import reverse

    from tests.factories import make_staff_user

    client.force_login(make_staff_user("Editors"))
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "download_xliff", "_selected_action": [story.pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="stories.xlf"'
    assert f"story:{story.pk}:title" in {
        u.xmlelement.get("id") for u in xliff.xlifffile.parsestring(response.content).getunits()
    }
    queue = client.get(reverse("admin:articles_translation_queue")).content.decode()
    assert reverse("admin:articles_xliff_queue") in queue
    response = client.get(reverse("admin:articles_xliff_queue"))
    assert b"Lidar prices fall" in response.content


def test_a_translator_uploads_a_file_and_sees_the_report(client, tmp_path, story):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.factories import make_staff_user

    path, store = filled_export(tmp_path, story)
    client.force_login(make_staff_user("Translators"))
    upload = SimpleUploadedFile("done.xlf", bytes(store))
    html = client.post(
        reverse("admin:articles_xliff_import"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    html = html.content.decode()
    assert "已应用 7 个单元" in html and "0 个单元已过时" in html
    assert Article.objects.get(pk=story.pk).title_zh_hans == "中文"

    bad = SimpleUploadedFile(
        "bad.xlf", bytes(store).replace(b'target-language="zh-Hans"', b'target-language="de"')
    )
    html = client.post(reverse("admin:articles_xliff_import"), {"file": bad}).content.decode()
    assert "Refused, nothing was applied" in html and "target language" in html
