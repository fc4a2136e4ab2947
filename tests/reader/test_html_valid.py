"""Every HTML page a reader can reach passes the Nu HTML Checker (vnu-jar) with no errors or warnings.

The pages are rendered by the real views from realistic content, written to files and checked in
one run of the checker. `make test` installs the checker (tests/browser/package.json) before the
suite runs. Lists show two items a page here, so their newer/older links are checked too.

Not HTML, so not checked: the feeds and sitemaps (XML, JSON; tests/reader/test_feeds.py and
others), ``/`` and ``/language/<code>/`` (redirects), the API (JSON) and a 405 (an empty body).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import get_resolver, reverse
from django.utils import translation

from articles.history.recording import record_revision
from articles.history.snapshots import story_versions
from articles.reader.authors import CorrectionsView
from articles.reader.views import StoryListView
from articles.search import views as search_views
from tests.factories import (
    credit,
    image_bytes,
    make_article,
    make_author,
    make_image,
    make_note,
    make_preview_link,
    make_section,
    make_staff_user,
    make_tag,
)

VNU = (
    Path(__file__).resolve().parent.parent
    / "browser"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)

BODY = """Benchmarks from three labs put the new chip ahead on inference.

[image 1]

| Model | Tokens a second |
|:------|----------------:|
| Large | 1,200 |
| Small | 4,800 |

> "We did not expect the small model to scale," the lab's lead said.
>
> [image 2]

What changed:

- a wider memory bus;
- a [new compiler](https://example.com/compiler), with `int4` kernels.

The figures come from the makers[^1].

[^1]: Neither lab would share its test harness.
"""
UNTRANSLATED = {"title_zh_hans": "", "dek_zh_hans": "", "body_zh_hans": "", "why_it_matters_zh_hans": ""}
ODD_QUERY = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27%26amp%3B+%E2%80%AEbidi%00+%EF%BF%BE"


def run_checker(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java, "Java is missing: the Nu HTML Checker needs it (apt-get install default-jre-headless)."
    assert VNU.exists(), "vnu.jar is missing: run `npm ci --prefix tests/browser` (make test does)."
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stdout or "{}").get("messages", [])


def newsroom():
    """Stories with bylines, a translator, notes, types, images and tags; authors with photos."""
    chips = make_section(slug="chips", name_en="Chips", name_zh_hans="芯片")
    policy = make_section(slug="policy", name_en="Policy", name_zh_hans="")  # no Chinese name yet
    tag = make_tag(slug="inference", name_en="Inference", name_zh_hans="推理")
    untranslated_tag = make_tag(slug="export-rules", name_en="Export rules", name_zh_hans="")
    ada = make_author(
        slug="ada-quill",
        name_en="Ada Quill",
        name_zh_hans="艾达",
        job_title_en="Chip correspondent",
        job_title_zh_hans="芯片记者",
        bio_en="Covers fabs from Hsinchu.\nBefore that, ten years at a trade weekly.",
        bio_zh_hans="在新竹报道晶圆厂。\n此前在一家行业周刊工作十年。",
        links=["https://ada.example.org/", "https://social.example.net/@ada"],
        image=ContentFile(image_bytes(size=(400, 400)), name="ada.jpg"),
    )
    bram = make_author(slug="bram-ostrow", name_en="Bram Ostrow", name_zh_hans="")  # English only
    chen = make_author(
        slug="chen-yuwei", name_en="Chen Yuwei", name_zh_hans="陈雨薇", job_title_en="Translator"
    )
    make_author(slug="new-hire", name_en="New Hire", name_zh_hans="新同事")  # no stories yet

    story = make_article(
        slug="chip-benchmarks",
        title_en="New chip tops three inference benchmarks",
        title_zh_hans="新芯片在三项推理基准测试中领先",
        body_en=BODY,
        story_type="analysis",
        section=chips,
        tags=[tag, untranslated_tag],
        hours_ago=5,
    )
    make_image(story, position=1)
    make_image(story, position=2, caption_en="", caption_zh_hans="", credit_url="")
    credit(story, ada, position=1)
    credit(story, bram, position=2)
    credit(story, chen, role="translator")
    make_note(
        story,
        hours_ago=2,
        text_en="An earlier version gave the wrong bus width.",
        text_zh_hans="早前版本写错了总线宽度。",
    )
    make_note(story, hours_ago=1, kind="update", text_en="Added the lab's comment.\nThe maker did not reply.")
    opinion = make_article(slug="chip-opinion", story_type="opinion", section=chips, tags=[tag], hours_ago=6)
    credit(opinion, ada)
    make_note(
        opinion,
        hours_ago=3,
        kind="clarification",
        text_en="The price is per unit.",
        text_zh_hans="价格为单价。",
    )
    partial = make_article(
        slug="partial", story_type="explainer", section=policy, tags=[tag], body_zh_hans=""
    )
    credit(partial, ada)
    credit(partial, chen, role="translator")
    english = make_article(slug="english-only", section=policy, tags=[untranslated_tag], **UNTRANSLATED)
    outdated = make_article(slug="outdated", section=chips, tags=[tag], hours_ago=8)
    outdated.body_en += "\n\nA later paragraph with new figures."
    outdated.save()
    make_article(slug="sponsored", story_type="sponsored", section=chips, tags=[tag], hours_ago=9)

    draft = make_article(status="draft", hours_ago=None, slug="draft-deal", section=chips, tags=[tag])
    make_image(draft, position=1)
    credit(draft, ada)
    record_revision(draft, comment="first draft")
    pinned = make_preview_link(draft, version=story_versions(draft.pk).first())
    draft.body_en += "\n\nA paragraph written after the translation."  # outdated on the Chinese preview
    draft.save()
    scheduled = make_article(status="published", hours_ago=-5, slug="scheduled", section=chips)
    credit(scheduled, bram)
    return {
        "story": story,
        "partial": partial,
        "english": english,
        "outdated": outdated,
        "draft": draft,
        "scheduled": scheduled,
        "link": make_preview_link(draft),
        "pinned": pinned,
        "sections": (chips, policy),
        "tags": (tag, untranslated_tag),
        "authors": (ada, chen),
    }


def reader_urls(lang: str, news: dict) -> dict[str, tuple[str, str]]:
    """Page name: (URL, a piece of HTML that shows the page is the one meant)."""
    search = reverse("articles:search")
    story, (chips, policy), (tag, untranslated), (ada, chen) = (
        news[key] for key in ("story", "sections", "tags", "authors")
    )
    return {
        "home": (reverse("articles:index"), 'class="card"'),
        "home-page-2": (reverse("articles:index") + "?page=2", 'rel="prev"'),
        "story": (story.get_absolute_url(), 'class="story-notes"'),
        "story-partly-translated": (news["partial"].get_absolute_url(), 'class="byline'),
        "story-in-english": (news["english"].get_absolute_url(), 'class="story__title"'),
        "story-outdated": (news["outdated"].get_absolute_url(), 'class="story__title"'),
        "section": (chips.get_absolute_url(), 'aria-current="page"'),
        "section-page-2": (chips.get_absolute_url() + "?page=2", 'rel="prev"'),
        "section-untranslated": (policy.get_absolute_url(), 'class="card"'),
        "tag": (tag.get_absolute_url(), 'rel="next"'),
        "tag-untranslated": (untranslated.get_absolute_url(), 'class="card"'),
        "author": (ada.get_absolute_url(), 'class="author__photo"'),
        "author-page-2": (ada.get_absolute_url() + "?page=2", 'rel="prev"'),
        "author-translator": (chen.get_absolute_url(), 'class="card"'),
        "author-no-stories": (reverse("articles:author", kwargs={"slug": "new-hire"}), 'class="empty"'),
        "corrections": (reverse("articles:corrections"), 'class="correction '),
        "corrections-page-2": (reverse("articles:corrections") + "?page=2", 'rel="prev"'),
        "search-hits": (f"{search}?q=chip", 'class="search-result"'),
        "search-hits-page-2": (f"{search}?q=summary&page=2", 'rel="prev"'),
        "search-chinese": (f"{search}?q=芯片", 'class="search-'),
        "search-none": (f"{search}?q=zzqqxxnothing", 'class="empty search-empty"'),
        "search-empty": (search, 'class="empty search-empty"'),
        "search-odd": (f"{search}?q={ODD_QUERY}", 'class="listing__title"'),
        "search-punctuation": (f"{search}?q=%21%3F%21", 'class="empty search-empty"'),
        "search-too-long": (f"{search}?q={'chip+' * 60}", 'class="search-notice"'),
        "preview-link": (f"/{lang}/preview/{news['link']}/", 'class="preview-banner"'),
        "preview-pinned": (f"/{lang}/preview/{news['pinned']}/", 'class="preview-banner"'),
    }


def fetch(client, url: str, expect: str, status: int = 200, method: str = "get", **extra) -> bytes:
    response = getattr(client, method)(url, **extra)
    assert response.status_code == status, url
    assert expect in response.content.decode(), f"{url} does not show {expect!r}"
    return response.content


def error_pages(lang: str) -> dict[str, bytes]:
    """The 400, 403 and 500 pages of the site's error handlers, for a request for a reader page."""
    request = RequestFactory().get(f"/{lang}/stories/chip-benchmarks/")
    resolver = get_resolver()
    with translation.override(lang):
        return {
            "bad-request": resolver.resolve_error_handler(400)(request, SuspiciousOperation()).content,
            "forbidden": resolver.resolve_error_handler(403)(request, PermissionDenied()).content,
            "server-error": resolver.resolve_error_handler(500)(request).content,
        }


@pytest.fixture
def reader_pages(db, client, monkeypatch):
    monkeypatch.setattr(StoryListView, "paginate_by", 2)
    monkeypatch.setattr(CorrectionsView, "paginate_by", 2)
    monkeypatch.setattr(search_views, "RESULTS_PER_PAGE", 2)
    pages = {}
    for lang in ("en", "zh-hans"):  # before there is anything to list
        with translation.override(lang):
            pages[f"{lang}-home-no-stories"] = fetch(client, reverse("articles:index"), 'class="empty"')
            pages[f"{lang}-corrections-none"] = fetch(
                client, reverse("articles:corrections"), 'class="empty"'
            )
    news = newsroom()
    editor = make_staff_user("Editors")
    for lang in ("en", "zh-hans"):
        with translation.override(lang):
            urls = reader_urls(lang, news)
            draft, scheduled = news["draft"].get_absolute_url(), news["scheduled"].get_absolute_url()
        for name, (url, expect) in urls.items():
            pages[f"{lang}-{name}"] = fetch(client, url, expect)
        pages[f"{lang}-not-found"] = fetch(client, f"/{lang}/stories/no-such-story/", "not-found", 404)
        too_large = {"method": "post", "CONTENT_LENGTH": str(10**10)}  # refused before the body is read
        pages[f"{lang}-too-large"] = fetch(client, f"/{lang}/search/", "<main>", 413, **too_large)
        pages.update({f"{lang}-{name}": content for name, content in error_pages(lang).items()})
        pages[f"{lang}-api-docs"] = fetch(client, "/api/v1/docs/", "<table>", HTTP_ACCEPT_LANGUAGE=lang)
        client.force_login(editor)  # an editor with view_article previews stories readers cannot see
        pages[f"{lang}-preview-by-editor"] = fetch(client, draft, 'class="preview-banner"')
        pages[f"{lang}-preview-scheduled"] = fetch(client, scheduled, 'class="preview-banner"')
        client.logout()
    pages["unknown-language"] = fetch(client, "/language/xx/", "not-found", 404)
    assert 'class="notice notice--outdated"' in pages["zh-hans-preview-link"].decode()
    return pages


def test_every_reader_page_passes_the_nu_html_checker(reader_pages, tmp_path):
    files = []
    for name, content in reader_pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(content)
        files.append(path)
    messages = run_checker(files)
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('subType') or m['type']}: {m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "warning"
    ]
    assert not problems, "\n".join(problems)


def test_the_checker_does_catch_an_invalid_time(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
        '<time datetime="2026-12-02T03:04:05.123456+00:00">x</time></body></html>'
    )
    messages = run_checker([page])
    assert any(m.get("type") == "error" and "datetime" in m["message"] for m in messages)
