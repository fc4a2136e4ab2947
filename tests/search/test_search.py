"""Search, through the page readers use. Run on SQLite and, with DATABASE_URL, on PostgreSQL."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from articles.demo import content as demo_content
from articles.models import Article, Tag
from articles.search.backends import get_backend
from articles.search.query import MAX_QUERY_CHARS, MAX_TERMS, parse_query
from articles.services import publish_article
from tests.factories import make_article, make_image, make_tag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_picture_encodings")]


def get_search(client, q, lang="en", **params):
    with translation.override(lang):
        url = reverse("articles:search")
    response = client.get(url, {"q": q, **params})
    assert response.status_code == 200
    return response


def found_slugs(response) -> list[str]:
    """Slugs of the result links, in page order."""
    pattern = r'<h2 class="search-result__title"><a href="/[\w-]+/stories/([\w-]+)/"'
    return re.findall(pattern, response.content.decode())


def indexed_ids() -> set[int]:
    """Every story id the index holds (drafts included)."""
    return get_backend().indexed_ids()


# --- Demo content: Chinese substrings, both languages -------------------------------------------


def _demo_text(story: dict) -> str:
    tags = {tag["slug"]: tag for tag in demo_content.TAGS}
    parts = [
        story[f"{name}_{lang}"]
        for name in ("title", "dek", "body", "why_it_matters")
        for lang in ("en", "zh_hans")
    ]
    parts += [tags[slug][f"name_{lang}"] for slug in story["tags"] for lang in ("en", "zh_hans")]
    parts += [image[f"caption_{lang}"] for image in story["images"] for lang in ("en", "zh_hans")]
    return "\n".join(parts)


def test_demo_content_is_found_in_both_languages_from_both_pages(client):
    """One demo load (pictures make it slow) for every demo check."""
    call_command("load_demo", no_accounts=True)
    hidden = {a.slug for a in Article.objects.exclude(pk__in=Article.objects.published())}
    assert len(hidden) == 2  # the draft and the scheduled story
    # Both hidden stories are in the index; the query, not the index, keeps them out.
    assert {a.pk for a in Article.objects.filter(slug__in=hidden)} <= indexed_ids()
    for lang in ("zh-hans", "en"):
        for term in ["芯片", "基础设施", "供应链", "美国", "芯"]:
            holding = {s["slug"] for s in demo_content.STORIES if term in _demo_text(s)}
            expected = holding - hidden
            assert expected, term
            found = found_slugs(get_search(client, term, lang))
            assert set(found) == expected and len(found) == len(expected), (lang, term)

    # An English company name from the Chinese page, and Chinese pasted on the English page.
    zh = get_search(client, "TSMC", "zh-hans").content.decode()
    assert "台积电公布亚利桑那园区先进封装规划" in zh  # the Chinese headline on the Chinese page
    assert "TSMC Outlines Advanced Packaging" not in zh
    en = get_search(client, "台积电", "en").content.decode()
    assert "TSMC Outlines Advanced Packaging Plans for Its Arizona Campus" in en
    assert "台积电公布" not in en


# --- Matching, snippets, ranking -----------------------------------------------------------------


def test_english_matches_stems_case_insensitively_and_marks_the_snippet(client):
    story = make_article(body_en="The plant will manufacture accelerators in Ohio.", slug="ohio-plant")
    other = make_article(body_en="A story about bananas.", slug="bananas")
    for q in ["manufacturing", "MANUFACTURES", "Manufacture"]:
        response = get_search(client, q)
        assert found_slugs(response) == [story.slug], q
    snippet = get_search(client, "manufacturing").content.decode()
    assert "<mark>manufacture</mark> accelerators" in snippet
    assert other.slug not in snippet


def test_english_name_found_from_the_chinese_page_shows_chinese_headline(client):
    make_article(
        title_en="Zephyrion opens a lab",
        title_zh_hans="泽菲里昂开设实验室",
        body_en="Zephyrion said the lab opens in May.",
        slug="zephyrion-lab",
    )
    page = get_search(client, "zephyrion", "zh-hans").content.decode()
    assert found_slugs(get_search(client, "zephyrion", "zh-hans")) == ["zephyrion-lab"]
    assert "泽菲里昂开设实验室" in page and "Zephyrion opens a lab" not in page
    # Chinese pasted on the English page: English headline, and a note where the match was.
    page = get_search(client, "泽菲里昂", "en").content.decode()
    assert "Zephyrion opens a lab" in page and "泽菲里昂开设实验室" not in page
    assert "matched the other language" in page


def test_snippet_and_headline_are_in_the_page_language_with_english_fallback(client):
    make_article(
        title_en="Quantum annealer ships",
        title_zh_hans="",
        dek_zh_hans="量子退火机开始出货。",
        body_en="The quantum annealer ships in June.",
        body_zh_hans="",
        slug="annealer",
    )
    page = get_search(client, "annealer", "zh-hans").content.decode()
    assert '<a href="/zh-hans/stories/annealer/" lang="en">Quantum <mark>annealer</mark> ships</a>' in page
    assert "<mark>annealer</mark>" in page


def test_matching_covers_every_field_in_both_languages(client):
    story = make_article(
        title_en="Plain headline one",
        title_zh_hans="普通标题一",
        dek_en="Dek mentions okapi.",
        dek_zh_hans="摘要提到穿山甲。",
        body_en="Body has [a link](https://example.com/narwhal) and **caracal** in bold.",
        body_zh_hans="正文提到雪豹。",
        why_it_matters_en="Because of the ibex.",
        why_it_matters_zh_hans="因为藏羚羊。",
        slug="every-field",
        tags=[make_tag(name_en="Wolverine", name_zh_hans="貂熊")],
    )
    make_image(story, caption_en="A serval at dusk", caption_zh_hans="黄昏的薮猫")
    for q in ["okapi", "穿山甲", "caracal", "雪豹", "ibex", "藏羚羊", "wolverine", "貂熊", "serval", "薮猫"]:
        assert found_slugs(get_search(client, q)) == ["every-field"], q
    # Markdown syntax and link targets are not text.
    assert found_slugs(get_search(client, "narwhal")) == []


def test_headline_match_ranks_above_body_match_and_newer_breaks_ties(client):
    body_hit = make_article(
        title_en="Zoo report alpha", body_en="We saw a tapir.", hours_ago=1, slug="body-hit"
    )
    title_hit = make_article(
        title_en="Tapir spotted", body_en="Nothing else.", hours_ago=50, slug="title-hit"
    )
    assert found_slugs(get_search(client, "tapir")) == [title_hit.slug, body_hit.slug]
    older = make_article(title_en="Gecko report one", body_en="Same words.", hours_ago=30, slug="gecko-old")
    newer = make_article(title_en="Gecko report two", body_en="Same words.", hours_ago=3, slug="gecko-new")
    assert found_slugs(get_search(client, "gecko")) == [newer.slug, older.slug]


def test_chinese_headline_match_ranks_above_body_match(client):
    make_article(title_zh_hans="新闻甲", body_zh_hans="这里提到芯片。", hours_ago=1, slug="zh-body")
    make_article(title_zh_hans="芯片新闻", body_zh_hans="别的内容。", hours_ago=40, slug="zh-title")
    make_article(title_zh_hans="供应链新闻", body_zh_hans="别的内容。", hours_ago=40, slug="zh-title-3")
    make_article(title_zh_hans="新闻乙", body_zh_hans="这里提到供应链。", hours_ago=1, slug="zh-body-3")
    assert found_slugs(get_search(client, "芯片")) == ["zh-title", "zh-body"]
    assert found_slugs(get_search(client, "供应链")) == ["zh-title-3", "zh-body-3"]


def test_all_terms_must_match_across_scripts(client):
    make_article(body_en="Blackwell racks", body_zh_hans="采用 Blackwell 架构的芯片和供应链", slug="both")
    make_article(body_en="Blackwell racks only", body_zh_hans="别的内容", slug="english-only")
    assert found_slugs(get_search(client, "Blackwell芯片")) == ["both"]
    assert found_slugs(get_search(client, "blackwell 供应链")) == ["both"]
    assert set(found_slugs(get_search(client, "blackwell"))) == {"both", "english-only"}


# --- Visibility ----------------------------------------------------------------------------------


def test_drafts_and_scheduled_stories_stay_out_until_their_time(client):
    make_article(title_en="Visible okapi story", slug="visible")
    draft = make_article(title_en="Draft okapi story", status="draft", hours_ago=None, slug="draft")
    scheduled = make_article(title_en="Scheduled okapi story", hours_ago=-2, slug="scheduled")
    archived = make_article(title_en="Archived okapi story", status="archived", slug="archived")
    assert {draft.pk, scheduled.pk, archived.pk} <= indexed_ids()
    assert found_slugs(get_search(client, "okapi")) == ["visible"]
    assert found_slugs(get_search(client, "okapi", "zh-hans")) == ["visible"]

    # The scheduled time comes: no re-index, the story simply appears.
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    publish_article(article=draft)
    assert set(found_slugs(get_search(client, "okapi"))) == {"visible", "scheduled", "draft"}


def test_results_are_never_cached(client):
    make_article(title_en="Lemur news", slug="lemur")
    make_article(title_en="Marmot news", slug="marmot")
    first = get_search(client, "lemur")
    second = get_search(client, "marmot")
    assert found_slugs(first) == ["lemur"] and found_slugs(second) == ["marmot"]
    for response in (first, second):
        cache_control = response.headers["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control
        assert "noindex" in response.content.decode()


# --- Bad input ------------------------------------------------------------------------------------

BAD_INPUTS = [
    "",
    "   \t\n ",
    "chips " * 1000,
    "x" * 5000,
    "芯" * 5000,
    '" * ^ : - ( ) NEAR AND OR',
    'chips" OR "1"="1',
    "NEAR(chips supply, 2)",
    "title:chips",
    "-chips",
    "chips*",
    "^chips",
    "' OR 1=1 --",
    "'; DROP TABLE articles_article; --",
    "1; SELECT * FROM auth_user",
    "%_\\",
    "😀🚀",
    "芯片😀chips",
    "NVIDIA芯片供应链",
    "芯",
    "\x00\x01 chips",
    "<script>alert(1)</script>",
    "Ｃｈｉｐｓ",
    "ＮＥＡＲ（芯片）",
    "\u202echips",
]


@pytest.mark.parametrize("q", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_bad_input_gets_a_friendly_page(client, q, lang):
    make_article(
        title_en="NVIDIA chips", title_zh_hans="英伟达芯片", body_zh_hans="芯片供应链", slug="chips-story"
    )
    before = Article.objects.count()
    response = get_search(client, q, lang)
    page = response.content.decode()
    assert "<script>alert" not in page
    # Either a result list or a friendly message, in either language.
    assert 'class="search-count"' in page or 'search-empty"' in page, q[:40]
    assert found_slugs(response) in ([], ["chips-story"])
    assert Article.objects.count() == before


@pytest.mark.parametrize(
    ("q", "found"),
    [("NVIDIA芯片供应链", True), ("芯", True), ("Ｃｈｉｐｓ", True), ("芯片😀chips", True), ("😀🚀", False)],
)
def test_mixed_scripts_full_width_and_single_characters(client, q, found):
    make_article(
        title_en="NVIDIA chips", title_zh_hans="英伟达芯片", body_zh_hans="芯片供应链", slug="chips-story"
    )
    assert found_slugs(get_search(client, q)) == (["chips-story"] if found else [])


def test_long_queries_are_cut_and_the_reader_is_told(client):
    query = parse_query(" ".join(f"word{i}" for i in range(100)) + " " + "x" * 5000)
    assert query.truncated and len(query.text) <= MAX_QUERY_CHARS
    assert len(query.terms) == MAX_TERMS
    page = get_search(client, "chips " * 1000).content.decode()
    assert "only part of it was used" in page


def test_queries_are_reduced_to_quoted_plain_terms():
    query = parse_query('"Chips" AND (supply* OR NEAR:chain^) -x 芯片, 基础设施 the')
    assert query.words == ("chips", "supply", "near", "chain", "x")
    assert query.cjk == ("芯片", "基础设施")
    assert parse_query("   ").is_empty and parse_query("😀 ; --").is_empty


def test_highlighting_escapes_before_marking(client):
    make_article(
        title_en="Chips & <b>bold</b> claims", body_en="Fish <script>alert('x')</script> chips", slug="xss"
    )
    page = get_search(client, "bold chips").content.decode()
    assert "<mark>Chips</mark> &amp; &lt;b&gt;<mark>bold</mark>&lt;/b&gt; claims" in page
    assert "<b>bold</b>" not in page and "<script>alert" not in page
    page = get_search(client, '<b onmouseover="x">amp</b>').content.decode()
    assert "<b onmouseover" not in page and "&lt;b onmouseover=&quot;x&quot;&gt;" in page


# --- Index sync ----------------------------------------------------------------------------------


def test_index_follows_story_edits_and_deletes(client):
    story = make_article(title_en="Quokka sighting", slug="marsupial")
    make_image(story)
    story.tags.add(make_tag())
    assert found_slugs(get_search(client, "quokka")) == ["marsupial"]
    story.title_en = "Wombat sighting"
    story.save()
    assert found_slugs(get_search(client, "quokka")) == []
    assert found_slugs(get_search(client, "wombat")) == ["marsupial"]
    pk = story.pk
    story.delete()
    assert pk not in indexed_ids()
    assert found_slugs(get_search(client, "wombat")) == []


def test_index_follows_tag_changes(client):
    story = make_article(title_en="Plain story about nothing", slug="tagged")
    tag = make_tag(name_en="Pangolin", name_zh_hans="穿山甲", slug="pangolin")
    story.tags.add(tag)
    assert found_slugs(get_search(client, "pangolin")) == ["tagged"]
    assert found_slugs(get_search(client, "穿山甲")) == ["tagged"]

    tag.name_en, tag.name_zh_hans = "Armadillo", "犰狳"
    tag.save()
    assert found_slugs(get_search(client, "pangolin")) == []
    assert found_slugs(get_search(client, "穿山甲")) == []
    assert found_slugs(get_search(client, "犰狳")) == ["tagged"]

    story.tags.remove(tag)
    assert found_slugs(get_search(client, "armadillo")) == []
    story.tags.set([tag])
    assert found_slugs(get_search(client, "armadillo")) == ["tagged"]
    Tag.objects.filter(pk=tag.pk).delete()
    assert found_slugs(get_search(client, "armadillo")) == []
    assert story.pk in indexed_ids()


def test_index_follows_image_caption_changes(client):
    story = make_article(title_en="Plain story about a zoo", slug="captioned")
    image = make_image(story, caption_en="An axolotl in its tank", caption_zh_hans="水族箱里的美西螈")
    assert found_slugs(get_search(client, "axolotl")) == ["captioned"]
    assert found_slugs(get_search(client, "美西螈")) == ["captioned"]
    image.caption_en, image.caption_zh_hans = "A salamander in its tank", "水族箱里的蝾螈"
    image.save()
    assert found_slugs(get_search(client, "axolotl")) == []
    assert found_slugs(get_search(client, "美西螈")) == []
    assert found_slugs(get_search(client, "蝾螈")) == ["captioned"]
    image.delete()
    assert found_slugs(get_search(client, "salamander")) == []


def test_rebuild_command_restores_the_index(client, capsys):
    make_article(title_en="Capybara story", slug="capybara")
    make_article(title_en="Draft capybara", status="draft", hours_ago=None, slug="capybara-draft")
    get_backend().clear()
    assert found_slugs(get_search(client, "capybara")) == []
    call_command("rebuild_search_index")
    out, err = capsys.readouterr()
    assert "Indexed 2 stories" in out
    assert "100%" in err  # the progress bar
    assert found_slugs(get_search(client, "capybara")) == ["capybara"]


# --- Pages and query budget ----------------------------------------------------------------------


def test_pagination_20_per_page_without_gaps_or_repeats(client):
    for i in range(25):
        make_article(body_en="A report on the ocelot.", hours_ago=i + 1, slug=f"ocelot-{i:02d}")
    first = found_slugs(get_search(client, "ocelot"))
    second = found_slugs(get_search(client, "ocelot", page=2))
    assert len(first) == 20 and len(second) == 5
    assert first + second == [f"ocelot-{i:02d}" for i in range(25)]  # equal scores: newest first
    page = get_search(client, "ocelot", page=2).content.decode()
    assert "Page 2 of 2" in page and 'rel="prev"' in page and 'rel="next"' not in page
    assert found_slugs(get_search(client, "ocelot", page="abc")) == first
    assert found_slugs(get_search(client, "ocelot", page="999")) == second


def test_counting_stops_at_the_cap_and_says_so(client, monkeypatch):
    from articles.search.results import SearchResults

    monkeypatch.setattr(SearchResults, "max_results", 3)
    for i in range(5):
        make_article(body_en="A report on the caracal.", hours_ago=i + 1, slug=f"caracal-{i}")
    response = get_search(client, "caracal")
    assert "More than 3 stories found" in response.content.decode()
    assert found_slugs(response) == ["caracal-0", "caracal-1", "caracal-2"]  # the newest three
    make_article(body_en="A report on the civet.", slug="civet-0")
    assert "1 story found" in get_search(client, "civet").content.decode()


@pytest.mark.parametrize(
    "matching, cap, expected",
    [
        ({0, 1, 5}, 2, 2),  # PostgreSQL: the probe reaches the cap
        ({0, 2, 3, 4, 6}, 3, 3),  # the probe is dense enough, and the longer walk reaches the cap
        ({0, 1, 5}, 4, 3),  # the longer walk falls short, so the index counts
        ({0, 2, 4, 6, 8, 10}, 10, 6),  # too sparse to walk on: the index counts
    ],
)
def test_count_is_exact_up_to_the_cap_however_it_is_reached(monkeypatch, matching, cap, expected):
    """PostgreSQL counts by walking the newest documents first, then through the index (see
    backends/postgres.py), here with a 2-story probe and a 6-story walk over 12 stories (position 0
    is the newest). SQLite counts in one query; both must give the same exact, capped count."""
    from articles.search.backends import postgres

    monkeypatch.setattr(postgres, "PROBE_ROWS", 2)
    monkeypatch.setattr(postgres, "WALK_ROWS", 6)
    for i in range(12):
        animal = "pangolin" if i in matching else "tapir"
        make_article(body_en=f"A field report on the {animal}.", hours_ago=i + 1, slug=f"{animal}-{i}")
    make_article(body_en="A draft about the pangolin.", slug="pangolin-draft", status="draft", hours_ago=99)
    backend = get_backend()
    assert backend.count(parse_query("pangolin"), Article.objects.published(), cap=cap) == expected


@pytest.mark.parametrize("stories", [5, 50])
def test_search_page_query_count_does_not_grow(client, django_assert_max_num_queries, stories):
    tag = make_tag()
    for i in range(stories):
        story = make_article(body_en="The margay report.", hours_ago=i + 1, tags=[tag])
        make_image(story)
    # The header's section navigation, then the count, the page's ids, the stories, their tags and
    # images. PostgreSQL counts with a walk over the newest documents and then, for a query this
    # rare, the index; it reads each ranking tier in up to two ways (see backends/postgres.py).
    with django_assert_max_num_queries(6 if connection.vendor == "sqlite" else 9):
        response = get_search(client, "margay")
    assert len(found_slugs(response)) == min(stories, 20)


def test_search_page_speaks_the_page_language(client):
    make_article(title_en="Koala count rises", slug="koala")
    page = get_search(client, "koala", "zh-hans").content.decode()
    assert "找到 1 篇报道" in page and "“koala”的搜索结果" in page
    assert "1 story found" not in page
    assert "没有与“鸭嘴兽”匹配的报道" in get_search(client, "鸭嘴兽", "zh-hans").content.decode()
    assert "No stories match “platypus”" in get_search(client, "platypus", "en").content.decode()


def test_every_page_has_the_search_box(client):
    page = client.get("/zh-hans/").content.decode()
    assert 'role="search"' in page and 'action="/zh-hans/search/"' in page
    assert 'name="q"' in page
