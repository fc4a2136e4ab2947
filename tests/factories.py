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


def image_bytes(size=(64, 48), fmt="JPEG", mode="RGB", **save_kwargs) -> bytes:
    """An image file in the given format: a two-way gradient, so renditions are not flat colour."""
    width, height = size
    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    picture = Image.merge("RGB", [across, down, Image.new("L", size, 120)])
    if mode.startswith("I;"):
        picture = picture.convert("L").convert(mode)
    elif mode != "RGB":
        picture = picture.convert(mode)
    out = io.BytesIO()
    picture.save(out, fmt, **save_kwargs)
    return out.getvalue()


def stored_files(media_root) -> set[str]:
    """Every file under the media folder, as storage names ("renditions/2025/01/x-480w.webp")."""
    return {p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file()}


def make_uploaded_image(
    article: Article, data: bytes, *, position=1, name="upload.jpg", **kwargs
) -> ArticleImage:
    """Save an image from raw file bytes through the model (the path an import would take)."""
    defaults = {"alt_text_en": f"Photo {position}", "credit": "example.com"}
    defaults.update(kwargs)
    image = ArticleImage(article=article, position=position, image=ContentFile(data, name=name), **defaults)
    image.save()
    return image


def story_post_with_images(section, images, **overrides) -> dict:
    """The POST body of the admin story add form, with one inline image form per dict in images."""
    data = {
        "title_en": "Vision chips reach the field",
        "title_zh_hans": "视觉芯片进入田间",
        "dek_en": "Farm robots get new eyes.",
        "dek_zh_hans": "农业机器人换上新眼睛。",
        "body_en": "The maker says so.\n\n[image 1]",
        "body_zh_hans": "厂商如是说。",
        "why_it_matters_en": "",
        "why_it_matters_zh_hans": "",
        "section": section.pk,
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "source_name": "Example Farm Lab",
        "source_url": "https://example.com/farm",
        "slug": "vision-chips-reach-the-field",
        "images-TOTAL_FORMS": str(len(images)),
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    for n, fields in enumerate(images):
        values = {
            "position": str(n + 1),
            "alt_text_en": f"Robot in a wheat field {n + 1}",
            "alt_text_zh_hans": "",
            "caption_en": "",
            "caption_zh_hans": "",
            "credit": "example.com",
            "credit_url": "",
            **fields,
        }
        data.update({f"images-{n}-{key}": value for key, value in values.items()})
    data.update(overrides)
    return data


def make_staff_user(role: str, username: str | None = None):
    """Return a staff account in the Editors or Translators group (the groups are repaired if needed)."""
    from django.contrib.auth import get_user_model

    from articles.roles import ensure_roles

    group = ensure_roles()[role]
    # No password: tests log in with force_login, and hashing one costs a third of a second.
    user = get_user_model().objects.create_user(username or f"{role.lower()}-{next(_counter)}", is_staff=True)
    user.groups.add(group)
    return user


# --- Story change-form POST bodies, as the admin's browsers send them ---


def change_url(article) -> str:
    from django.urls import reverse

    return reverse("admin:articles_article_change", args=[article.pk])


def images_management(images, total=None):
    data = {
        "images-TOTAL_FORMS": str(total if total is not None else len(images)),
        "images-INITIAL_FORMS": str(len(images)),
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    for i, image in enumerate(images):
        data[f"images-{i}-id"] = str(image.pk)
        data[f"images-{i}-article"] = str(image.article_id)
    return data


def translator_data(article, **overrides):
    """The POST body of the translator's story form (Chinese fields only)."""
    article = Article.objects.get(pk=article.pk)
    images = list(article.images.all())
    data = {
        f"{name}_zh_hans": getattr(article, f"{name}_zh_hans") or ""
        for name in Article.translation_source_fields
    }
    data["loaded_version"] = str(article.version)  # the form's hidden version (articles/admin/locking.py)
    data.update(images_management(images))
    for i, image in enumerate(images):
        data[f"images-{i}-caption_zh_hans"] = image.caption_zh_hans or ""
        data[f"images-{i}-alt_text_zh_hans"] = image.alt_text_zh_hans or ""
    data.update(overrides)
    return data


def editor_data(article, **overrides):
    """The POST body of the full story form, as an editor's browser would send it."""
    article = Article.objects.get(pk=article.pk)
    published = timezone.localtime(article.published_at) if article.published_at else None
    data = {
        f"{name}_{lang}": getattr(article, f"{name}_{lang}") or ""
        for name in Article.translation_source_fields
        for lang in ("en", "zh_hans")
    }
    data.update(
        section=article.section_id,
        tags=[tag.pk for tag in article.tags.all()],
        status=article.status,
        published_at_0=published.strftime("%Y-%m-%d") if published else "",
        published_at_1=published.strftime("%H:%M:%S") if published else "",
        source_name=article.source_name,
        source_url=article.source_url,
        slug=article.slug,
        loaded_version=str(article.version),
        planned_for=article.planned_for.isoformat() if article.planned_for else "",
        writer=article.writer_id or "",
        translator=article.translator_id or "",
    )
    images = list(article.images.all())
    data.update(images_management(images))
    for i, image in enumerate(images):
        data.update(
            {
                f"images-{i}-position": str(image.position),
                f"images-{i}-credit": image.credit,
                f"images-{i}-credit_url": image.credit_url,
                **{
                    f"images-{i}-{name}_{lang}": getattr(image, f"{name}_{lang}") or ""
                    for name in ("caption", "alt_text")
                    for lang in ("en", "zh_hans")
                },
            }
        )
    data.update(overrides)
    return data


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


def make_superuser(username: str):
    """A superuser account (every permission), for tests about editors with full rights."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(username, f"{username}@example.com", "pw-not-used-0")


# --- Authors, credits and notes (issue 15) ---


def make_author(**kwargs):
    from articles.models import Author

    n = next(_counter)
    defaults = {"slug": f"author-{n}", "name_en": f"Writer Number{n}", "name_zh_hans": f"作者{n}号"}
    defaults.update(kwargs)
    return Author.objects.create(**defaults)


def credit(article, author, *, role="byline", position=0):
    from articles.models import Credit

    return Credit.objects.create(article=article, author=author, role=role, position=position)


def make_note(article, *, hours_ago=0.5, kind="correction", **kwargs):
    """A note on the story, recorded like the admin does (it moves the substantive update time)."""
    from articles import services
    from articles.models import StoryNote

    defaults = {"text_en": f"An earlier version misstated figure {next(_counter)}."}
    defaults.update(kwargs)
    note = StoryNote.objects.create(
        article=article, kind=kind, noted_at=timezone.now() - timedelta(hours=hours_ago), **defaults
    )
    services.record_substantive_update(article=article)
    return note


def make_preview_link(article, *, version=None, days=7) -> str:
    """A usable preview link for the story (pinned to ``version`` if given); returns its token."""
    from articles.models import PreviewLink
    from articles.models.previews import new_token, token_hash

    token = new_token()
    PreviewLink.objects.create(
        article=article,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=days),
        version=version,
    )
    return token
