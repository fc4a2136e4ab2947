"""Both languages: the redirect at /, the remembered choice, Chinese chrome, fallbacks, the catalog."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from tests.factories import make_article, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db

CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


@pytest.fixture(autouse=True)
def english_by_default():
    """A request leaves its language active in the test thread; start each test in English."""
    with translation.override("en"):
        yield


def zh(name, **kwargs):
    with translation.override("zh-hans"):
        return reverse(name, kwargs=kwargs or None)


# --- The redirect at / and the remembered choice ------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.5", "/zh-hans/"),
        ("zh-TW", "/zh-hans/"),
        ("zh", "/zh-hans/"),
        ("en-GB,en;q=0.8", "/en/"),
        ("fr-FR,de;q=0.7", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept, target):
    response = client.get("/", headers={"accept-language": accept} if accept else {})
    assert response.status_code == 302
    assert response["Location"] == target
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_choosing_a_language_is_remembered_at_root(client):
    article = make_article()
    english_path = article.get_absolute_url()
    response = client.get(reverse("switch-language", args=["zh-hans"]), {"next": english_path})
    assert response.status_code == 302
    assert response["Location"] == zh("articles:detail", slug=article.slug)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    # The browser still says English, but the reader chose Chinese.
    assert client.get("/", headers={"accept-language": "en"})["Location"] == "/zh-hans/"

    client.get(reverse("switch-language", args=["en"]), {"next": "/zh-hans/"})
    assert client.get("/", headers={"accept-language": "zh-CN"})["Location"] == "/en/"


def test_djangos_set_language_form_is_remembered_too(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/en/"})
    assert client.get("/", headers={"accept-language": "en"})["Location"] == "/zh-hans/"


def test_language_switch_refuses_unknown_languages_and_foreign_next(client):
    assert client.get(reverse("switch-language", args=["fr"]), {"next": "/en/"}).status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    for foreign in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.get(reverse("switch-language", args=["zh-hans"]), {"next": foreign})
        assert response["Location"] == "/zh-hans/"
    assert "no-cache" in response["Cache-Control"]


# --- The switcher, hreflang and canonical on every page type ---------------------------------------


def page_paths(language):
    section, tag = make_section(slug="labs"), make_tag(slug="lasers")
    article = make_article(section=section, tags=[tag], slug="switcher-story")
    with translation.override(language):
        return [
            reverse("articles:index"),
            article.get_absolute_url(),
            section.get_absolute_url(),
            tag.get_absolute_url(),
        ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_links_to_itself_in_the_other_language(client, language):
    other, other_tag = ("zh-hans", "zh-Hans") if language == "en" else ("en", "en")
    for path in page_paths(language):
        html = client.get(path).content.decode()
        assert f'<html lang="{language}">' in html
        other_path = "/" + other + path[len(language) + 1 :]
        switch = f'href="/language/{other}/?next={other_path}" hreflang="{other_tag}"'
        assert switch in html, path
        absolute = f"http://testserver{path}"
        assert f'<link rel="canonical" href="{absolute}">' in html
        en_url = "http://testserver/en" + path[len(language) + 1 :]
        zh_url = "http://testserver/zh-hans" + path[len(language) + 1 :]
        assert f'<link rel="alternate" hreflang="en" href="{en_url}">' in html
        assert f'<link rel="alternate" hreflang="zh-Hans" href="{zh_url}">' in html
        default = "http://testserver" + path[len(language) + 1 :]
        assert f'<link rel="alternate" hreflang="x-default" href="{default}">' in html


def test_canonical_keeps_the_page_number_but_drops_other_parameters(client):
    for n in range(21):
        make_article(hours_ago=n + 1)
    html = client.get("/en/", {"page": 2, "utm_source": "x"}).content.decode()
    assert '<link rel="canonical" href="http://testserver/en/?page=2">' in html
    assert "utm_source" not in html


# --- Chinese chrome ------------------------------------------------------------------------------------


def test_chinese_pages_have_chinese_chrome_and_dates(client):
    section = make_section(name_zh_hans="现场")
    tag = make_tag()
    for n in range(21):
        make_article(hours_ago=n + 1, section=section, tags=[tag])
    Article.objects.update(published_at="2025-11-28T10:00:00+08:00")
    for path in (
        zh("articles:index"),
        zh("articles:section", slug=section.slug),
        zh("articles:tag", slug=tag.slug),
    ):
        html = client.get(path).content.decode()
        assert ">第 1 页</span>" in html and "较早的报道" in html, path
        assert "2025年11月28日" in html
        assert 'aria-label="栏目"' in html and 'aria-label="语言"' in html and "跳到正文" in html
        for english in ("Page 1", "Older stories", "Skip to content", "Nov. 28, 2025"):
            assert english not in html


def test_english_pages_have_english_dates(client):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(published_at="2025-11-28T10:00:00+08:00")
    html = client.get(f"/en/stories/{article.slug}/").content.decode()
    assert ">Nov. 28, 2025</time>" in html and "年" not in html.split("<main")[1]


# --- Fallback to English -------------------------------------------------------------------------------


def test_partly_translated_story_marks_english_text_and_shows_notice(client):
    tag = make_tag(name_en="Quantum Things", name_zh_hans="")
    article = make_article(
        tags=[tag],
        title_zh_hans="部分翻译的报道",
        dek_zh_hans="",
        body_zh_hans="",
        why_it_matters_zh_hans="",
        dek_en="An English-only summary line.",
        body_en="English body paragraph only.",
        why_it_matters_en="English reason only.",
    )
    make_image(article, caption_en="English caption only", caption_zh_hans="", alt_text_zh_hans="")
    html = client.get(zh("articles:detail", slug=article.slug)).content.decode()

    assert "本文尚未完全翻译" in html
    assert '<h1 class="story__title">部分翻译的报道</h1>' in html  # translated: no marker
    assert '<p class="story__dek" lang="en">An English-only summary line.</p>' in html
    assert '<div class="prose" lang="en"><p>English body paragraph only.</p>' in html
    assert '<p lang="en">English reason only.</p>' in html
    assert '<span class="figure__caption" lang="en">English caption only</span>' in html
    assert re.search(r'<img [^>]*alt="Chart 1" lang="en"', html)  # the picture tag marks the alt text
    assert 'rel="tag" lang="en">Quantum Things</a>' in html
    assert '<a class="skip-link" href="#main">跳到正文</a>' in html  # the chrome stays Chinese

    english = client.get(f"/en/stories/{article.slug}/").content.decode()
    assert "本文尚未完全翻译" not in english and "not fully translated" not in english
    assert ' lang="en">' not in english.split("<main")[1]


def test_fully_translated_story_has_no_notice_and_no_markers(client):
    article = make_article()
    make_image(article)
    html = client.get(zh("articles:detail", slug=article.slug)).content.decode()
    main = html.split("<main")[1]
    assert "本文尚未完全翻译" not in main and 'lang="en"' not in main


def test_partly_translated_story_in_listings_marks_the_fallback(client):
    make_article(title_zh_hans="", title_en="Only English headline here")
    html = client.get(zh("articles:index")).content.decode()
    assert 'lang="en">Only English headline here</a>' in html


# --- The compiled catalog --------------------------------------------------------------------------------


def parse_po(text: str) -> dict[tuple[str | None, str], str]:
    """Return {(msgctxt, msgid): msgstr} for the translated, non-fuzzy singular entries of a .po file."""
    entries, current, key, fuzzy = {}, {}, None, False

    def flush():
        if current.get("msgid") and current.get("msgstr") and not fuzzy:
            entries[(current.get("msgctxt"), current["msgid"])] = current["msgstr"]

    for line in text.splitlines() + [""]:
        line = line.strip()
        if not line:
            flush()
            current, key, fuzzy = {}, None, False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and key:
            current[key] += _unquote(line)
        else:
            key, _, value = line.partition(" ")
            current[key] = _unquote(value)
    return entries


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), value.strip()[1:-1])


def test_compiled_catalog_matches_the_po_file():
    """A forgotten msgfmt shows up here, not as English chrome on a fresh machine."""
    po = parse_po((CATALOG / "django.po").read_text(encoding="utf-8"))
    with open(CATALOG / "django.mo", "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    assert len(po) > 30
    for (context, msgid), msgstr in po.items():
        found = mo.pgettext(context, msgid) if context else mo.gettext(msgid)
        assert found == msgstr, msgid


def test_reader_strings_are_translated():
    with translation.override("zh-hans"):
        assert translation.gettext("Skip to content") == "跳到正文"
        assert translation.gettext("Image source: %(credit)s") % {"credit": "x"} == "图片来源：x"
        assert translation.pgettext("label before the publication date", "Published") == "发布于"


def test_templates_use_no_untranslated_literal_text():
    """Every visible string in reader templates goes through {% translate %} or {% blocktranslate %}."""
    root = Path(settings.BASE_DIR) / "templates"
    offenders = []
    for path in [
        root / "base.html",
        root / "404.html",
        *root.glob("articles/*.html"),
        *root.glob("includes/*.html"),
    ]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"{% (blocktranslate|comment).*?{% end\1 %}", " ", text, flags=re.S)
        text = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}|<[^>]+>", " ", text, flags=re.S)
        text = re.sub(r"[\s·:]+", " ", text).strip()
        if re.search(r"[A-Za-z]{3,}", text):
            offenders.append((path.name, text[:80]))
    assert offenders == []
