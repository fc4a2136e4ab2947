"""Renditions: made on save, served through <picture> with no query per image, removed with their
image, and rebuilt by regenerate_renditions."""

import io
import os
import re
import signal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.urls import reverse
from PIL import ExifTags, Image

from articles.images import stored_names
from articles.models import Article, ArticleImage
from tests.factories import (
    image_bytes,
    make_article,
    make_image,
    make_section,
    make_uploaded_image,
    stored_files,
    story_post_with_images,
)

pytestmark = pytest.mark.django_db


def referenced_files() -> set[str]:
    return set().union(*(stored_names(image) for image in ArticleImage.objects.all()))


PICTURE = Template("{% load reader %}{% picture image sizes=sizes lazy=lazy priority=priority %}")


def render_picture(image, **context) -> str:
    """Render a story image the way the story and list pages do: the reader ``picture`` tag."""
    return PICTURE.render(Context({"image": image, **context}))


def test_picture_has_sources_srcset_and_a_sized_fallback(media_root):
    image = make_uploaded_image(make_article(), image_bytes((2000, 1500)), alt_text_en="Wind farm at dusk")
    html = render_picture(image, lazy=True)

    avif, webp = re.findall(r'<source type="(image/[a-z]+)" srcset="([^"]+)"', html)
    assert avif[0] == "image/avif" and webp[0] == "image/webp"
    for _type, srcset in (avif, webp):
        assert re.fullmatch(
            r"/media/\S+-480w\.\w+ 480w, /media/\S+-960w\.\w+ 960w, /media/\S+-1600w\.\w+ 1600w", srcset
        )
    img = re.search(r"<img [^>]+>", html).group(0)
    assert re.search(r'src="/media/renditions/\S+-960w\.jpg"', img)
    assert 'srcset="/media/renditions/' in img and "1600w.jpg 1600w" in img
    assert 'width="1600" height="1200"' in img  # the layout box is known before the file arrives
    assert 'alt="Wind farm at dusk"' in img
    assert 'loading="lazy"' in img and "fetchpriority" not in img
    assert 'sizes="(min-width: 46rem) 42rem, 100vw"' in html
    assert "/originals/" not in html  # readers never get the master


def test_lead_image_is_high_priority_and_not_lazy(media_root):
    image = make_image(make_article())
    lead = render_picture(image, lazy=False, priority=True)
    assert 'fetchpriority="high"' in lead and "loading=" not in lead
    second = render_picture(image, lazy=True, priority=False)
    assert 'loading="lazy"' in second and "fetchpriority" not in second
    assert 'sizes="50vw"' in render_picture(image, sizes="50vw")


def test_small_pictures_are_never_upscaled(media_root):
    image = make_uploaded_image(make_article(), image_bytes((700, 500)))
    html = render_picture(image)
    assert "480w" in html and "700w" in html
    assert "960w" not in html and "1600w" not in html
    for items in image.renditions["files"].values():
        assert [item["width"] for item in items] == [480, 700]
    assert 'width="700" height="500"' in html


def test_a_row_without_renditions_falls_back_to_its_original(media_root):
    image = make_image(make_article())
    ArticleImage.objects.filter(pk=image.pk).update(renditions={})
    html = render_picture(ArticleImage.objects.get(pk=image.pk))
    assert f'src="/media/{image.image.name}"' in html and "<source" not in html


def test_alt_text_follows_the_page_language_and_marks_the_english_fallback(media_root):
    from django.utils import translation

    article = make_article()
    translated = make_image(article, position=1, alt_text_en="Server racks", alt_text_zh_hans="服务器机架")
    untranslated = make_image(article, position=2, alt_text_en="Cooling towers", alt_text_zh_hans="")
    with translation.override("zh-hans"):
        assert 'alt="服务器机架"' in render_picture(translated) and "lang=" not in render_picture(translated)
        assert 'alt="Cooling towers" lang="en"' in render_picture(untranslated)
    with translation.override("en"):
        assert 'alt="Cooling towers"' in render_picture(untranslated)
        assert "lang=" not in render_picture(untranslated)


def test_share_url_is_the_largest_jpeg(media_root):
    image = make_uploaded_image(make_article(), image_bytes((2400, 1260)))
    assert re.fullmatch(r"/media/renditions/\S+-1600w\.jpg", image.share_url)
    assert image.share_size == (1600, 840)


def test_picture_urls_are_those_the_storage_gives(media_root, settings):
    from django.core.files.storage import default_storage

    image = make_image(make_article())
    names = [item["name"] for items in image.renditions["files"].values() for item in items]
    html = render_picture(image)
    assert all(f"{default_storage.url(name)} " in html for name in names)

    # A CDN in front of the media: every URL on the page follows the setting at once.
    settings.MEDIA_URL = "https://media.example.net/m/"
    html = render_picture(image)
    urls = set(re.findall(r'(?:src|srcset)="([^"]+)"', html))
    assert urls and all(url.startswith("https://media.example.net/m/renditions/") for url in urls)

    # A name with characters that need quoting gets what the storage would give.
    ArticleImage.objects.filter(pk=image.pk).update(renditions={}, image="originals/Café photo #1.jpg")
    html = render_picture(ArticleImage.objects.get(pk=image.pk))
    assert 'src="https://media.example.net/m/originals/Caf%C3%A9%20photo%20%231.jpg"' in html
    assert default_storage.url("originals/Café photo #1.jpg") in html


def test_rendering_a_loaded_image_makes_no_query(media_root, django_assert_num_queries):
    image = ArticleImage.objects.get(pk=make_image(make_article()).pk)
    with django_assert_num_queries(0):
        render_picture(image, lazy=True)
        assert image.share_url and image.thumbnail


LISTING = Template(
    "{% load reader %}{% for article in articles %}<h2>{{ article.title }}</h2>"
    "{% for image in article.images.all %}"
    "{% picture image lazy=forloop.counter0 priority=False %}"
    "{% endfor %}{% endfor %}"
)


@pytest.mark.parametrize("stories", [5, 50])
def test_listing_with_images_has_no_query_per_image(media_root, django_assert_max_num_queries, stories):
    template_image = make_image(make_article())
    section = template_image.article.section
    clones = []
    for _ in range(stories - 1):
        article = make_article(section=section)
        for position in (1, 2):
            clones.append(
                ArticleImage(
                    article=article,
                    position=position,
                    image=template_image.image.name,
                    width=template_image.width,
                    height=template_image.height,
                    renditions=template_image.renditions,
                    alt_text_en=f"Clone {position}",
                    credit="example.com",
                )
            )
    ArticleImage.objects.bulk_create(clones)  # rows that share one file set; rendering is what counts
    with django_assert_max_num_queries(3):  # stories (with section), tags, images
        html = LISTING.render(Context({"articles": Article.objects.published().with_listing_data()}))
    assert html.count("<picture>") == 2 * stories - 1


def test_admin_shows_thumbnails_in_the_list_and_the_inline(admin_client, media_root):
    image = make_uploaded_image(make_article(title_en="Thumbnail bearing story"), image_bytes((1200, 800)))
    thumb = image.renditions["files"]["jpeg"][0]["name"]
    listing = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'src="/media/{thumb}"' in listing and 'width="60" height="40"' in listing
    change = admin_client.get(reverse("admin:articles_article_change", args=[image.article.pk]))
    html = change.content.decode()
    assert f'src="/media/{thumb}"' in html and 'width="120" height="80"' in html
    assert "at most 15.0\xa0MB and 40 megapixels" in html  # the limits are stated next to the field
    assert 'accept="image/avif,image/gif,image/jpeg,image/png,image/webp"' in html


@pytest.mark.parametrize("stories", [5, 50])
def test_admin_list_thumbnails_add_no_query_per_story(
    admin_client, media_root, django_assert_max_num_queries, stories
):
    template_image = make_image(make_article())
    section = template_image.article.section
    clones = [
        ArticleImage(
            article=make_article(section=section),
            image=template_image.image.name,
            width=64,
            height=48,
            renditions=template_image.renditions,
            alt_text_en="Clone",
            credit="example.com",
        )
        for _ in range(stories - 1)
    ]
    ArticleImage.objects.bulk_create(clones)
    with django_assert_max_num_queries(14):  # 12, the notes (issue 15), the admin language preference
        response = admin_client.get(reverse("admin:articles_article_changelist"))
    assert response.content.decode().count('class="gz-thumb"') == stories


# --- File clean-up ------------------------------------------------------------------------------


def change_post(article, images: list[dict], new: list[dict] = ()) -> dict:
    """The POST body of the story change form: existing images (dicts with "obj") then new ones."""
    data = {
        "title_en": article.title_en,
        "title_zh_hans": article.title_zh_hans,
        "dek_en": article.dek_en,
        "dek_zh_hans": article.dek_zh_hans,
        "body_en": article.body_en,
        "body_zh_hans": article.body_zh_hans,
        "why_it_matters_en": article.why_it_matters_en,
        "why_it_matters_zh_hans": article.why_it_matters_zh_hans,
        "section": article.section_id,
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "source_name": article.source_name,
        "source_url": article.source_url,
        "slug": article.slug,
        "loaded_version": str(Article.objects.get(pk=article.pk).version),
        "images-TOTAL_FORMS": str(len(images) + len(new)),
        "images-INITIAL_FORMS": str(len(images)),
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    for n, fields in enumerate([*images, *new]):
        obj = fields.pop("obj", None)
        values = {
            "position": str(obj.position if obj else n + 1),
            "alt_text_en": obj.alt_text_en if obj else f"New photo {n}",
            "alt_text_zh_hans": "",
            "caption_en": "",
            "caption_zh_hans": "",
            "credit": "example.com",
            "credit_url": "",
            **({"id": str(obj.pk), "article": str(article.pk)} if obj else {}),
            **fields,
        }
        data.update({f"images-{n}-{key}": value for key, value in values.items()})
    return data


def test_replacing_an_image_removes_the_old_files(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    image = make_image(make_article())
    old_files = stored_names(image)
    new_upload = SimpleUploadedFile("new.jpg", image_bytes((800, 600)), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_article_change", args=[image.article.pk]),
            change_post(image.article, [{"obj": image, "image": new_upload}]),
        )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.width, image.height) == (800, 600)
    assert stored_files(media_root) == stored_names(image)
    assert not old_files & stored_files(media_root)


def test_deleting_an_image_in_the_story_form_removes_its_files(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    article = make_article()
    kept, dropped = make_image(article, position=1), make_image(article, position=2)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            change_post(article, [{"obj": kept}, {"obj": dropped, "DELETE": "on"}]),
        )
    assert list(article.images.all()) == [kept]
    assert stored_files(media_root) == stored_names(kept)


def test_deleting_a_story_removes_its_image_files(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    other = make_image(make_article())
    article = make_article()
    make_image(article, position=1)
    make_image(article, position=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert stored_files(media_root) == stored_names(other)


def test_bulk_deleting_stories_removes_their_image_files(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    survivor = make_image(make_article())
    doomed = [make_image(make_article()).article for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "delete_selected", "_selected_action": [a.pk for a in doomed], "post": "yes"},
        )
    assert not Article.objects.filter(pk__in=[a.pk for a in doomed]).exists()
    assert stored_files(media_root) == stored_names(survivor)


def test_a_rolled_back_delete_keeps_the_files(media_root):
    from django.db import transaction

    image = make_image(make_article())
    with pytest.raises(RuntimeError), transaction.atomic():
        image.article.delete()
        raise RuntimeError("changed my mind")
    assert ArticleImage.objects.filter(pk=image.pk).exists()
    assert stored_files(media_root) == stored_names(image)


def test_images_are_reordered_by_position(admin_client, media_root):
    article = make_article()
    first, second = make_image(article, position=1), make_image(article, position=2)
    admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_post(article, [{"obj": first, "position": "2"}, {"obj": second, "position": "1"}]),
    )
    assert list(article.images.all()) == [second, first]


# --- regenerate_renditions ----------------------------------------------------------------------


@pytest.fixture
def run_regenerate(django_capture_on_commit_callbacks):
    """Run the command as from a shell: outside a test transaction, commit hooks run at once."""

    def run(*args) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("regenerate_renditions", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    return run


def legacy_row(article, data: bytes) -> ArticleImage:
    """A row made before the pipeline: an uncleaned original and no renditions (bypasses save())."""
    name = default_storage.save("originals/legacy/camera-upload.jpg", ContentFile(data))
    width, height = Image.open(io.BytesIO(data)).size
    [row] = ArticleImage.objects.bulk_create(
        [ArticleImage(article=article, image=name, width=width, height=height, alt_text_en="Old", credit="x")]
    )
    return row


def test_regenerate_is_idempotent_shows_progress_and_leaves_no_orphans(media_root, run_regenerate):
    article = make_article()
    complete = make_image(article, position=1)
    missing_file = make_image(article, position=2)
    default_storage.delete(missing_file.renditions["files"]["webp"][0]["name"])
    gps = Image.Exif()
    gps.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    legacy = legacy_row(article, image_bytes((1000, 750), exif=gps))
    complete_files = stored_names(complete)

    out, err = run_regenerate()
    assert "2 rebuilt, 1 already complete, 0 failed, of 3 images." in out
    assert "3/3" in err and "Renditions" in err  # the progress bar
    assert stored_files(media_root) == referenced_files()
    assert stored_names(ArticleImage.objects.get(pk=complete.pk)) == complete_files  # untouched
    legacy.refresh_from_db()
    assert legacy.image.name.startswith("originals/20") and "legacy" not in legacy.image.name
    assert [i["width"] for i in legacy.renditions["files"]["avif"]] == [480, 1000]  # 960 ~ 1000: skipped
    for name in stored_names(legacy):
        assert not Image.open(media_root / name).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    before = stored_files(media_root)
    out, _err = run_regenerate()
    assert "0 rebuilt, 3 already complete" in out
    assert stored_files(media_root) == before


def test_regenerate_force_rebuilds_everything_and_keeps_clean_masters(media_root, run_regenerate):
    image = make_image(make_article())
    master = image.image.name
    old_renditions = set(stored_names(image)) - {master}
    out, _err = run_regenerate("--force")
    assert "1 rebuilt" in out
    image.refresh_from_db()
    assert image.image.name == master  # a master we cleaned is not re-encoded again
    assert not old_renditions & stored_files(media_root)
    assert stored_files(media_root) == referenced_files()


def test_regenerate_reports_unreadable_images_and_fails(media_root, run_regenerate):
    image = make_image(make_article())
    ArticleImage.objects.filter(pk=image.pk).update(renditions={})
    default_storage.delete(image.image.name)
    with pytest.raises(CommandError, match="0 rebuilt, 0 already complete, 1 failed"):
        run_regenerate()


def test_ctrl_c_stops_after_the_current_image_and_a_rerun_finishes(media_root, monkeypatch, run_regenerate):
    from articles.images import processing
    from articles.management.commands import regenerate_renditions as command

    article = make_article()
    images = [make_image(article, position=n) for n in (1, 2, 3)]
    monkeypatch.setattr(processing, "VERSION", processing.VERSION + 1)  # a new recipe: all are stale
    real_rebuild = command.rebuild

    def rebuild_then_ctrl_c(image, **kwargs):
        done = real_rebuild(image, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)  # the editor presses Ctrl-C during the first image
        return done

    monkeypatch.setattr(command, "rebuild", rebuild_then_ctrl_c)
    with pytest.raises(CommandError, match="Interrupted: 1 rebuilt") as caught:
        run_regenerate()
    assert caught.value.returncode == 130
    assert stored_files(media_root) == referenced_files()  # every row names a complete set

    monkeypatch.setattr(command, "rebuild", real_rebuild)
    out, _err = run_regenerate()
    assert "2 rebuilt, 1 already complete" in out
    assert stored_files(media_root) == referenced_files()
    assert {ArticleImage.objects.get(pk=i.pk).renditions["version"] for i in images} == {processing.VERSION}


def test_a_hard_interrupt_while_storing_leaves_no_partial_files(media_root, monkeypatch, run_regenerate):
    from articles.images import storage

    image = make_image(make_article())
    ArticleImage.objects.filter(pk=image.pk).update(renditions={})
    before = stored_files(media_root)
    real_save, calls = storage._save, []

    def save_then_interrupt(name, data, written):
        calls.append(name)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_save(name, data, written)

    monkeypatch.setattr(storage, "_save", save_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        run_regenerate()
    assert stored_files(media_root) == before
    assert ArticleImage.objects.get(pk=image.pk).renditions == {}


# --- S3-compatible storage ----------------------------------------------------------------------


@pytest.fixture
def s3_storage(settings, tmp_path):
    """A local S3-compatible server (moto) as the default storage; no network beyond 127.0.0.1."""
    import socket
    import subprocess
    import time
    import urllib.request

    import boto3

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(os.path.realpath(os.sys.executable)), "moto_server"), "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint, timeout=0.5)
                break
            except OSError:
                time.sleep(0.1)
        options = {
            "bucket_name": "guozhen-media",
            "endpoint_url": endpoint,
            "access_key": "test",
            "secret_key": "test",
            "region_name": "us-east-1",
            "addressing_style": "path",
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": "public-read",  # a public media bucket, as served to readers
        }
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="us-east-1",
        )
        client.create_bucket(Bucket="guozhen-media")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        }

        def keys() -> set[str]:
            listing = client.list_objects_v2(Bucket="guozhen-media")
            return {item["Key"] for item in listing.get("Contents", [])}

        yield endpoint, keys
    finally:
        server.terminate()
        server.wait(timeout=10)


def s3_client_head(endpoint: str, key: str) -> dict:
    import boto3

    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="t", aws_secret_access_key="t", region_name="us-east-1"
    )
    return client.head_object(Bucket="guozhen-media", Key=key)


@pytest.mark.slow
def test_uploads_renditions_and_clean_up_work_on_s3(
    admin_client, media_root, s3_storage, run_regenerate, django_capture_on_commit_callbacks
):
    import urllib.request

    endpoint, bucket_keys = s3_storage
    photo = SimpleUploadedFile("photo.jpg", image_bytes((1200, 900)), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_article_add"),
            story_post_with_images(make_section(), [{"image": photo}]),
        )
    assert response.status_code == 302
    image = ArticleImage.objects.get()
    assert bucket_keys() == stored_names(image) and len(stored_names(image)) == 1 + 3 * 3
    assert stored_files(media_root) == set()  # nothing went to the local disk

    html = render_picture(image)
    urls = re.findall(rf"{endpoint}/guozhen-media/\S+?\.(?:avif|webp|jpg)", html)
    assert len(urls) >= 6
    with urllib.request.urlopen(image.share_url, timeout=5) as served:
        assert Image.open(io.BytesIO(served.read())).size == (1200, 900)

    avif = image.renditions["files"]["avif"][0]["name"]
    assert s3_client_head(endpoint, avif)["ContentType"] == "image/avif"  # what a CDN will send on

    out, _err = run_regenerate()
    assert "1 already complete" in out

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:articles_article_delete", args=[image.article.pk]), {"post": "yes"})
    assert bucket_keys() == set()
