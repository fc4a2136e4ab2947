"""What search engines and link previews read: JSON-LD, Open Graph, the sitemap and robots.txt."""

import html as html_lib
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone, translation

from tests.factories import make_article, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def english_by_default():
    with translation.override("en"):
        yield


def json_ld(page: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, content in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page):
        found.setdefault(name, []).append(html_lib.unescape(content))
    return found


def story_with_picture(**kwargs):
    tag = make_tag(name_en="Foundries", name_zh_hans="晶圆代工")
    article = make_article(tags=[tag], source_url="https://example.com/original", **kwargs)
    make_image(article, position=1, alt_text_en="Wafer under light", alt_text_zh_hans="灯光下的晶圆")
    make_image(article, position=2)
    return article


def test_json_ld_news_article_in_english_points_to_its_translation(client):
    article = story_with_picture(title_en="Foundry output doubles in a year")
    page = client.get(f"/en/stories/{article.slug}/").content.decode()
    data = json_ld(page)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "Foundry output doubles in a year"
    assert data["inLanguage"] == "en"
    assert data["datePublished"].startswith(article.published_at.date().isoformat()[:4])
    assert data["dateModified"] and data["url"] == f"http://testserver/en/stories/{article.slug}/"
    assert len(data["image"]) == 2 and all(
        url.startswith("http://testserver/media/") for url in data["image"]
    )
    assert data["publisher"]["name"] == data["author"]["name"] == "Guozhen AI"
    assert data["keywords"] == ["Foundries"] and data["isBasedOn"] == "https://example.com/original"
    assert data["workTranslation"] == [
        {
            "@type": "NewsArticle",
            "@id": f"http://testserver/zh-hans/stories/{article.slug}/",
            "url": f"http://testserver/zh-hans/stories/{article.slug}/",
            "inLanguage": "zh-Hans",
        }
    ]
    assert "translationOfWork" not in data


def test_json_ld_in_chinese_is_a_translation_of_the_english(client):
    article = story_with_picture(title_zh_hans="代工产量一年翻倍")
    data = json_ld(client.get(f"/zh-hans/stories/{article.slug}/").content.decode())
    assert data["headline"] == "代工产量一年翻倍" and data["inLanguage"] == "zh-Hans"
    assert data["keywords"] == ["晶圆代工"]
    assert data["translationOfWork"]["url"] == f"http://testserver/en/stories/{article.slug}/"
    assert data["translationOfWork"]["inLanguage"] == "en"
    assert "workTranslation" not in data


def test_json_ld_cannot_be_broken_out_of(client):
    hostile = 'Evil </script><script>alert("x")</script> & <!-- headline'
    article = story_with_picture(title_en=hostile)
    page = client.get(f"/en/stories/{article.slug}/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S).group(1)
    assert "<" not in block and ">" not in block
    assert json.loads(block)["headline"] == hostile
    assert "<script>alert" not in page


@pytest.mark.parametrize(
    ("language", "locale", "alt"),
    [("en", "en_US", "Wafer under light"), ("zh-hans", "zh_CN", "灯光下的晶圆")],
)
def test_open_graph_and_twitter_tags_use_the_lead_image(client, language, locale, alt):
    article = story_with_picture()
    tags = meta(client.get(f"/{language}/stories/{article.slug}/").content.decode())
    assert tags["og:type"] == ["article"] and tags["og:locale"] == [locale]
    assert tags["og:url"] == [f"http://testserver/{language}/stories/{article.slug}/"]
    lead = article.images.order_by("position").first()
    assert tags["og:image"] == [f"http://testserver{lead.share_url}"]  # the largest JPEG rendition
    assert tags["og:image:width"] == [str(lead.share_size[0])]
    assert tags["og:image:alt"] == [alt]
    assert tags["og:title"] == [article.title_en if language == "en" else article.title_zh_hans]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:image"] == tags["og:image"]


def test_listing_pages_have_website_open_graph(client):
    make_article()
    tags = meta(client.get("/zh-hans/").content.decode())
    assert tags["og:type"] == ["website"] and tags["og:locale"] == ["zh_CN"]
    assert tags["og:title"] == ["Guozhen AI"] and tags["og:description"] == ["全球 AI 现场笔记与模型情报"]


def test_sitemap_lists_public_pages_in_both_languages_with_alternates(client):
    section, empty_section = make_section(slug="desk"), make_section(slug="quiet-desk")
    tag, unused_tag = make_tag(slug="fabs"), make_tag(slug="unused")
    public = make_article(section=section, tags=[tag], slug="public-sitemap-story")
    make_article(status="draft", hours_ago=None, tags=[unused_tag], slug="draft-sitemap-story")
    make_article(hours_ago=-2, section=empty_section, slug="future-sitemap-story")

    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    root = ET.Element("all")  # every section's <url>s, read through the index
    text = ""
    for location in index.findall("sm:sitemap/sm:loc", SITEMAP_NS):
        if location.text.endswith("/sitemap-news.xml"):
            continue  # the Google News sitemap (tests/reader/test_news_sitemap.py)
        response = client.get(location.text.removeprefix("http://testserver"))
        assert response.status_code == 200
        root.extend(ET.fromstring(response.content).findall("sm:url", SITEMAP_NS))
        text += response.content.decode()
    urls = {}
    for node in root.findall("sm:url", SITEMAP_NS):
        location = node.find("sm:loc", SITEMAP_NS).text
        urls[location] = {
            link.get("hreflang"): link.get("href") for link in node.findall("xhtml:link", SITEMAP_NS)
        }
    base = "http://testserver"
    for path in ("/stories/public-sitemap-story/", "/sections/desk/", "/tags/fabs/", "/"):
        english, chinese = f"{base}/en{path}", f"{base}/zh-hans{path}"
        assert english in urls and chinese in urls, path
        expected = {"en": english, "zh-Hans": chinese, "x-default": f"{base}{path}"}
        assert urls[english] == expected and urls[chinese] == expected
    for hidden in ("draft-sitemap-story", "future-sitemap-story", "quiet-desk", "/tags/unused/"):
        assert hidden not in text
    story = next(n for n in root.findall("sm:url", SITEMAP_NS) if "public-sitemap-story" in n[0].text)
    local_day = timezone.localtime(public.modified_at()).date().isoformat()
    assert story.find("sm:lastmod", SITEMAP_NS).text == local_day


def test_x_default_addresses_redirect_each_reader_to_their_language(client):
    article = make_article(slug="x-default-story")
    page = client.get("/zh-hans/stories/x-default-story/").content.decode()
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/stories/x-default-story/">'
        in page
    )
    for accept, target in (("zh-CN", "/zh-hans/"), ("en-US", "/en/")):
        response = client.get(f"/stories/{article.slug}/", headers={"accept-language": accept})
        assert response.status_code == 302 and response["Location"] == f"{target}stories/{article.slug}/"


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "User-agent: *" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)
