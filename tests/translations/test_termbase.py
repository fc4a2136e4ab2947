"""The termbase: matching, CSV import and export, the translator's marks and warning, queue, demo, search."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.demo.content import STORIES
from articles.demo.terms import TERMS
from articles.models import TermPair
from articles.translations.termbase import Termbase
from tests.factories import change_url, make_article, make_staff_user, translator_data

pytestmark = pytest.mark.django_db

IMPORT = "admin:articles_termpair_import"


def termbase(*rows) -> Termbase:
    return Termbase([(english, chinese, keep) for english, chinese, keep in rows])


# --- matching --------------------------------------------------------------------------------


def test_english_matches_whole_words_in_any_case_and_simple_plurals():
    terms = termbase(("data center", "数据中心", False), ("battery", "电池", False), ("GPU", "GPU", True))
    found = terms.found_in("Two Data Centers, new batteries and GPUs; a datacenter and a GPUish thing.")
    assert [t.english for t in found] == ["data center", "battery", "GPU"]
    assert terms.found_in("The datacentre of a batteryless bus") == []
    assert [t.english for t in terms.found_in("data-center racks")] == ["data center"]


def test_longer_terms_win_over_the_terms_inside_them():
    terms = termbase(("model", "模型", False), ("foundation model", "基础模型", False))
    assert [t.english for t in terms.found_in("A foundation model and another model.")] == [
        "foundation model",
        "model",
    ]
    assert [(s, e) for s, e, _ in terms.spans("A foundation model.")] == [(2, 18)]


def test_chinese_is_matched_by_substring_and_kept_terms_as_written():
    terms = termbase(("NVIDIA", "英伟达", False), ("CUDA", "", True))
    assert terms.missing("NVIDIA ships CUDA 13", "英伟达发布 cuda 13") == []
    assert [t.english for t in terms.missing("NVIDIA ships CUDA 13", "辉达发布新版本")] == ["NVIDIA", "CUDA"]
    assert terms.missing("NVIDIA ships", "") == []  # nothing translated yet: no mismatch


# --- CSV ---------------------------------------------------------------------------------------


@pytest.fixture
def translator(client):
    client.force_login(make_staff_user("Translators"))
    return client


def upload(client, text: str):
    data = SimpleUploadedFile("terms.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse(IMPORT), {"file": data}, follow=True)


def test_a_translator_imports_a_csv_and_it_updates_known_terms(translator):
    TermPair.objects.create(english="wafer", chinese="硅片")
    response = upload(
        translator,
        "english,chinese,note,keep_as_is\nWafer,晶圆,统一用晶圆,no\nNVIDIA,英伟达,,\nCUDA,,,yes\n",
    )
    assert (
        "新增 2 条，更新 1 条" in response.content.decode()
        or "2 new terms, 1 updated" in response.content.decode()
    )
    assert TermPair.objects.get(english__iexact="wafer").chinese == "晶圆"
    assert TermPair.objects.get(english="CUDA").keep_as_is is True
    assert TermPair.objects.count() == 3


def test_bad_rows_are_named_by_line_and_nothing_is_imported(translator):
    response = upload(
        translator,
        "english,chinese,note,keep_as_is\nNVIDIA,英伟达,,no\n,空的,,no\nTSMC,,,no\nAMD,AMD,,maybe\nnvidia,辉达,,no\n",
    )
    html = response.content.decode()
    assert response.status_code == 200
    for line in (3, 4, 5, 6):
        assert re.search(rf"Line {line}:|第 {line} 行：", html), line
    assert "Line 2:" not in html and "第 2 行：" not in html
    assert TermPair.objects.count() == 0


def test_a_file_that_is_not_utf8_or_has_no_header_is_refused(translator):
    data = SimpleUploadedFile("terms.csv", "english,chinese\nNVIDIA,英伟达\n".encode("gb18030"))
    response = translator.post(reverse(IMPORT), {"file": data})
    assert "UTF-8" in response.content.decode()
    response = upload(translator, "NVIDIA,英伟达\n")
    assert "header row" in response.content.decode() or "表头" in response.content.decode()
    assert TermPair.objects.count() == 0


def test_export_downloads_utf8_csv_with_a_header_that_imports_back(translator):
    TermPair.objects.create(english="NVIDIA", chinese="英伟达", note="公司名")
    TermPair.objects.create(english="CUDA", keep_as_is=True)
    response = translator.get(reverse("admin:articles_termpair_export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.splitlines() == ["english,chinese,note,keep_as_is", "CUDA,,,yes", "NVIDIA,英伟达,公司名,no"]
    TermPair.objects.all().delete()
    upload(translator, text)
    assert sorted(TermPair.objects.values_list("english", "chinese", "keep_as_is")) == [
        ("CUDA", "", True),
        ("NVIDIA", "英伟达", False),
    ]


def test_the_termbase_is_for_editors_and_translators_only(client):
    client.force_login(make_staff_user("Editors"))
    assert client.get(reverse("admin:articles_termpair_changelist")).status_code == 200
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("other", is_staff=True))
    assert client.get(reverse("admin:articles_termpair_changelist")).status_code == 403
    assert client.post(reverse(IMPORT), {}).status_code == 403


# --- the translator's form, the warning, the queue -----------------------------------------------


@pytest.fixture
def nvidia_story():
    TermPair.objects.create(english="NVIDIA", chinese="英伟达")
    TermPair.objects.create(english="data center", chinese="数据中心")
    return make_article(
        title_en="NVIDIA builds data centers",
        title_zh_hans="",
        dek_en="A dek about NVIDIA.",
        dek_zh_hans="关于英伟达的导语。",
        hours_ago=1,
    )


def test_the_translators_form_marks_terms_with_their_chinese(translator, nvidia_story):
    html = translator.get(change_url(nvidia_story)).content.decode()
    assert '<mark class="gz-term" title="英伟达">NVIDIA</mark>' in html
    assert '<mark class="gz-term" title="数据中心">data centers</mark>' in html
    assert '<strong lang="zh-Hans">数据中心</strong>' in html


def test_a_save_missing_the_agreed_chinese_warns_and_goes_through(translator, nvidia_story):
    data = translator_data(nvidia_story, title_zh_hans="辉达建设数据中心")
    response = translator.post(change_url(nvidia_story), data, follow=True)
    html = response.content.decode()
    nvidia_story.refresh_from_db()
    assert nvidia_story.title_zh_hans == "辉达建设数据中心"  # saved
    assert "these terms do not use the agreed Chinese" in html
    assert "Chinese headline: NVIDIA → 英伟达" in html
    assert "data center →" not in html  # rendered as agreed


def test_a_save_with_the_agreed_chinese_gives_no_warning(translator, nvidia_story):
    data = translator_data(nvidia_story, title_zh_hans="英伟达建设数据中心")
    html = translator.post(change_url(nvidia_story), data, follow=True).content.decode()
    assert "agreed Chinese" not in html


def test_the_queue_counts_term_mismatches(translator, nvidia_story):
    nvidia_story.dek_zh_hans = "关于辉达的导语。"
    nvidia_story.save()
    html = translator.get(reverse("admin:articles_translation_queue")).content.decode()
    assert '<td class="gz-num gz-term-count">1</td>' in html


# --- demo and search -------------------------------------------------------------------------


def test_the_demo_termbase_has_twenty_pairs_its_stories_use():
    english = "\n".join(str(v) for story in STORIES for k, v in story.items() if k.endswith("_en"))
    terms = Termbase([(e, z, k) for e, z, k, _ in TERMS])
    used = {term.english for term in terms.found_in(english)}
    assert len(TERMS) >= 20 and len(used) >= 20
    assert used == {e for e, *_ in TERMS}


def search(client, q, lang):
    with translation.override(lang):
        url = reverse("articles:search")
    return client.get(url, {"q": q}).content.decode()


def test_search_uses_the_termbase_as_cross_language_synonyms(client):
    english_only = make_article(
        title_en="Samsung signs a memory deal",
        title_zh_hans="",
        dek_en="It supplies NVIDIA.",
        dek_zh_hans="",
        body_en="Memory for NVIDIA racks.",
        body_zh_hans="",
        why_it_matters_zh_hans="",
        slug="samsung-deal",
    )
    chinese = make_article(title_en="Chip plant opens", title_zh_hans="台积电新厂投产", slug="tsmc-plant")
    assert "samsung-deal" not in search(client, "英伟达", "zh-hans")
    TermPair.objects.create(english="NVIDIA", chinese="英伟达")  # re-indexes the stories using it
    TermPair.objects.create(english="TSMC", chinese="台积电")
    assert f"/stories/{english_only.slug}/" in search(client, "英伟达", "zh-hans")
    assert f"/stories/{chinese.slug}/" in search(client, "TSMC", "en")
    assert f"/stories/{chinese.slug}/" not in search(client, "英伟达", "zh-hans")
    TermPair.objects.filter(english="NVIDIA").delete()
    assert f"/stories/{english_only.slug}/" not in search(client, "英伟达", "zh-hans")


def test_load_demo_loads_the_termbase_once(reuse_picture_encodings):
    call_command("load_demo", "--no-accounts", stdout=open("/dev/null", "w"))
    call_command("load_demo", "--no-accounts", stdout=open("/dev/null", "w"))
    assert TermPair.objects.count() == len(TERMS)
