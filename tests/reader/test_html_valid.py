"""Every reader page passes the Nu HTML Checker (vnu-jar from npm, on Java) with no errors or warnings.

The pages are rendered by the real views, written to files and checked in one run of the checker.
`make test` installs the checker (tests/browser/package.json) before the suite runs.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_article, make_image, make_tag

VNU = (
    Path(__file__).resolve().parent.parent
    / "browser"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)


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


@pytest.fixture
def reader_pages(db, client):
    tag = make_tag(slug="chips", name_en="Chips", name_zh_hans="芯片")
    article = make_article(title_en="Valid markup for a chip story", tags=[tag])
    make_image(article, position=1)
    make_article(title_en="A second story for the list", section=article.section, tags=[tag])
    pages = {}
    for lang in ("en", "zh-hans"):
        with translation.override(lang):
            urls = {
                "home": reverse("articles:index"),
                "story": article.get_absolute_url(),
                "section": article.section.get_absolute_url(),
                "tag": tag.get_absolute_url(),
                "search-hits": reverse("articles:search") + "?q=chip",
                "search-none": reverse("articles:search") + "?q=zzqqxxnothing",
                "search-empty": reverse("articles:search"),
                "not-found": f"/{lang}/stories/no-such-story/",
            }
        for name, url in urls.items():
            response = client.get(url)
            assert response.status_code == (404 if name == "not-found" else 200), url
            pages[f"{lang}-{name}"] = response.content
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
