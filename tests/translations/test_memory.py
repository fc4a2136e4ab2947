"""The translation memory: alignment, suggestions (exact and fuzzy >= 75 %), the form, staleness."""

import pytest
from django.test import Client

from articles.models import TranslationSegment
from articles.translations import memory
from tests.factories import change_url, editor_data, make_article, make_staff_user, translator_data

pytestmark = pytest.mark.django_db

EARLIER_BODY_EN = "Chip makers raise prices again this quarter. Buyers are not happy.\n\nSupply stays tight."
EARLIER_BODY_ZH = "芯片厂商本季度再次涨价。买家并不满意。\n\n供应依然紧张。"


def test_alignment_pairs_paragraphs_and_sentences_when_the_counts_match():
    assert memory.align(EARLIER_BODY_EN, EARLIER_BODY_ZH) == [
        ("Chip makers raise prices again this quarter.", "芯片厂商本季度再次涨价。"),
        ("Buyers are not happy.", "买家并不满意。"),
        ("Supply stays tight.", "供应依然紧张。"),
    ]
    # Sentence counts differ: the paragraph is one segment.
    assert memory.align("One. Two.", "一和二。") == [("One. Two.", "一和二。")]
    # Paragraph counts differ: nothing is remembered.
    assert memory.align("One.\n\nTwo.", "一。") == []


@pytest.fixture
def earlier():
    article = make_article(
        title_en="Chip prices rise",
        title_zh_hans="芯片涨价",
        body_en=EARLIER_BODY_EN,
        body_zh_hans=EARLIER_BODY_ZH,
        slug="chip-prices",
    )
    memory.refresh_story(article)
    return article


def test_done_fields_are_remembered_and_suggested_exactly_and_fuzzily(earlier):
    assert TranslationSegment.objects.filter(article=earlier, field="body").count() == 3
    found = memory.suggest(
        [
            "Buyers are not happy.",  # exact
            "Chip makers raise prices again this year.",  # fuzzy
            "Nothing like anything remembered here at all.",  # none
        ]
    )
    exact = found["Buyers are not happy."]
    assert [(s.exact, s.score, s.target, s.title) for s in exact] == [
        (True, 100, "买家并不满意。", "Chip prices rise")
    ]
    fuzzy = found["Chip makers raise prices again this year."]
    assert len(fuzzy) == 1 and not fuzzy[0].exact and 75 <= fuzzy[0].score < 100
    assert fuzzy[0].target == "芯片厂商本季度再次涨价。"
    assert found["Nothing like anything remembered here at all."] == []


def test_at_most_three_suggestions_and_never_from_the_story_itself(earlier):
    for n in range(4):
        copy = make_article(
            title_en=f"Copy {n}",
            body_en="Buyers are not happy.",
            body_zh_hans=f"买家不满{n}。",
            slug=f"copy-{n}",
        )
        memory.refresh_story(copy)
    found = memory.suggest(["Buyers are not happy."], exclude_article=earlier.pk)["Buyers are not happy."]
    assert len(found) == 3 and earlier.pk not in {s.article_id for s in found}


def test_an_outdated_field_leaves_the_memory(earlier):
    editor = Client()
    editor.force_login(make_staff_user("Editors"))
    response = editor.post(change_url(earlier), editor_data(earlier, body_en=EARLIER_BODY_EN + " More."))
    assert response.status_code == 302
    assert not TranslationSegment.objects.filter(article=earlier, field="body").exists()
    assert TranslationSegment.objects.filter(article=earlier, field="title").exists()
    assert memory.suggest(["Buyers are not happy."])["Buyers are not happy."] == []


def test_the_translators_form_shows_suggestions_and_an_insert_button(client, earlier):
    story = make_article(
        title_en="Prices again",
        title_zh_hans="",
        body_en="Buyers are not happy. Chip makers raise prices again this year.",
        body_zh_hans="",
        slug="prices-again",
    )
    client.force_login(make_staff_user("Translators"))
    html = client.get(change_url(story)).content.decode()
    exact = '<span class="gz-tm-score">exact</span> <span class="gz-tm-target" lang="zh-Hans">'
    exact += "买家并不满意。</span>"
    assert exact in html
    assert 'data-field="id_body_zh_hans" data-text="买家并不满意。" hidden>Insert</button>' in html
    assert "芯片厂商本季度再次涨价。" in html  # the fuzzy one, without a button
    # Two exact matches: this body sentence, and the factories' shared "why it matters".
    assert html.count("gz-tm-insert") == 2
    assert "js/admin-memory.js" in html and "Chip prices rise" in html


def test_a_translators_save_updates_the_memory(client):
    story = make_article(title_en="Robots fold laundry", title_zh_hans="", slug="robots")
    client.force_login(make_staff_user("Translators"))
    client.post(change_url(story), translator_data(story, title_zh_hans="机器人叠衣服"))
    assert TranslationSegment.objects.filter(article=story, field="title").get().target == "机器人叠衣服"
    found = memory.suggest(["Robots fold laundry"])["Robots fold laundry"]
    assert [s.target for s in found] == ["机器人叠衣服"]


def test_a_process_catches_up_with_saves_and_deletions_without_a_full_reload(earlier):
    assert memory.suggest(["Supply stays tight."])["Supply stays tight."]  # loaded
    full_at = memory._Loaded.full_at
    other = make_article(title_en="Supply news", body_en="Demand stays high.", body_zh_hans="需求依然旺盛。")
    memory.refresh_story(other)
    found = memory.suggest(["Demand stays high."])["Demand stays high."]
    assert [s.target for s in found] == ["需求依然旺盛。"]
    earlier.delete()
    memory.refresh_story(other)  # any save moves the version
    assert memory.suggest(["Supply stays tight."])["Supply stays tight."] == []
    assert memory._Loaded.full_at == full_at  # caught up incrementally
