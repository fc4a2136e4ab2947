"""Small builders for test data. Headlines are distinct and never substrings of each other."""

import io
import itertools
from datetime import timedelta
from html.parser import HTMLParser

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleImage, Section, Tag

_counter = itertools.count(1)


def jpeg_bytes(size=(64, 48), color=(30, 90, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def make_section(**kwargs) -> Section:
    n = next(_counter)
    defaults = {"slug": f"section-{n}", "name_en": f"Section {n}", "name_zh_hans": f"栏目{n}"}
    defaults.update(kwargs)
    return Section.objects.create(**defaults)


def make_tag(**kwargs) -> Tag:
    n = next(_counter)
    defaults = {"slug": f"tag-{n}", "name_en": f"Tag {n}", "name_zh_hans": f"标签{n}"}
    defaults.update(kwargs)
    return Tag.objects.create(**defaults)


def make_article(*, status="published", hours_ago=1, section=None, tags=(), **kwargs) -> Article:
    n = next(_counter)
    defaults = {
        "title_en": f"Story number {n:04d} about models",
        "title_zh_hans": f"第{n:04d}号模型报道",
        "dek_en": f"Summary of story {n:04d}.",
        "dek_zh_hans": f"第{n:04d}号报道摘要。",
        "body_en": f"First paragraph of story {n:04d}.\n\nSecond paragraph.",
        "body_zh_hans": f"第{n:04d}号报道第一段。\n\n第二段。",
        "why_it_matters_en": "It matters because of scale.",
        "why_it_matters_zh_hans": "因为规模很重要。",
        "slug": f"story-{n:04d}",
        "source_name": "Example Lab Blog",
        "source_url": "https://example.com/post",
    }
    defaults.update(kwargs)
    published_at = None if hours_ago is None else timezone.now() - timedelta(hours=hours_ago)
    article = Article.objects.create(
        status=status, published_at=published_at, section=section or make_section(), **defaults
    )
    if tags:
        article.tags.set(list(tags))
    return article


def make_image(article: Article, *, position=1, **kwargs) -> ArticleImage:
    defaults = {
        "alt_text_en": f"Chart {position}",
        "alt_text_zh_hans": f"图表{position}",
        "caption_en": f"Caption {position}",
        "caption_zh_hans": f"图注{position}",
        "credit": "example.com",
        "credit_url": "https://example.com/",
    }
    defaults.update(kwargs)
    upload = ContentFile(jpeg_bytes(), name=f"pic-{position}.jpg")
    image = ArticleImage(article=article, position=position, image=upload, **defaults)
    image.save()
    return image


class _FormScraper(HTMLParser):
    """Collect what a browser would submit from the first <form> with the given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self._textarea = self._select = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((a["name"], a.get("value", "on")))
            elif kind not in ("file", "submit", "button", "image", "reset"):
                self.data.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.data.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select":
            self._select = None


def scrape_form(html: str, form_id: str = "article_form") -> dict:
    """Return the POST data a browser would send for the form, as a dict (lists for repeated names)."""
    parser = _FormScraper(form_id)
    parser.feed(html)
    data: dict = {}
    for name, value in parser.data:
        if name in data:
            data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
        else:
            data[name] = value
    return data


def make_staff(username: str, *, perms=("view_article", "change_article"), superuser=False):
    """A staff account; by default a translator-like one that may view and change stories only."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.com", "pw-not-used-0")
    user = User.objects.create_user(username, f"{username}@example.com", "pw-not-used-0", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=perms)
    )
    return user
