import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from tests.factories import jpeg_bytes, make_article, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db


def story_form_data(section, tags, **overrides):
    """The POST body of the story add form, inline image formset included."""
    data = {
        "title_en": "Robot arms learn from video",
        "title_zh_hans": "机械臂从视频中学习",
        "dek_en": "A lab trains manipulation skills from ordinary clips.",
        "dek_zh_hans": "一家实验室用普通视频训练操作技能。",
        "body_en": "The lab says so.\n\n[image 1]\n\nMore detail.\n\n[image 2]",
        "body_zh_hans": "实验室如是说。\n\n[image 1]\n\n更多细节。",
        "why_it_matters_en": "Cheap data for robots.",
        "why_it_matters_zh_hans": "机器人的廉价数据。",
        "section": section.pk,
        "tags": [t.pk for t in tags],
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "source_name": "Example Robotics Lab",
        "source_url": "https://example.com/robots",
        "slug": "robot-arms-learn-from-video",
        "images-TOTAL_FORMS": "2",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    for i in range(2):
        data.update(
            {
                f"images-{i}-image": SimpleUploadedFile(f"photo{i}.jpg", jpeg_bytes(), "image/jpeg"),
                f"images-{i}-position": str(i + 1),
                f"images-{i}-alt_text_en": f"Robot arm photo {i + 1}",
                f"images-{i}-alt_text_zh_hans": f"机械臂照片{i + 1}",
                f"images-{i}-caption_en": f"Caption {i + 1}",
                f"images-{i}-caption_zh_hans": f"图注{i + 1}",
                f"images-{i}-credit": "example.com",
                f"images-{i}-credit_url": "https://example.com/photos",
            }
        )
    data.update(overrides)
    return data


def test_editor_creates_bilingual_story_with_images_and_tags(admin_client):
    section = make_section()
    tags = [make_tag(), make_tag()]
    response = admin_client.post(reverse("admin:articles_article_add"), story_form_data(section, tags))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    article = Article.objects.get(slug="robot-arms-learn-from-video")
    assert article.title_en == "Robot arms learn from video"
    assert article.title_zh_hans == "机械臂从视频中学习"
    assert set(article.tags.all()) == set(tags)
    images = list(article.images.all())
    assert [i.alt_text_en for i in images] == ["Robot arm photo 1", "Robot arm photo 2"]
    assert [i.caption_zh_hans for i in images] == ["图注1", "图注2"]
    assert all(i.width == 64 and i.height == 48 for i in images)

    change = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert change.status_code == 200
    assert "机械臂从视频中学习" in change.content.decode()


def test_story_without_english_headline_is_refused_and_nothing_saved(admin_client):
    data = story_form_data(make_section(), [], title_en="")
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "title_en" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_change_list_shows_status_section_and_translation(admin_client):
    full = make_article(title_en="Fully translated piece")
    partial = make_article(title_en="Half translated piece", body_zh_hans="", why_it_matters_zh_hans="")
    make_article(status="published", hours_ago=-2, title_en="Piece for tomorrow")
    response = admin_client.get(reverse("admin:articles_article_changelist"))
    html = response.content.decode()
    assert "zh 100%" in html
    assert "zh 50%" in html
    assert "Scheduled" in html
    assert full.section.name_en in html and partial.title_en in html


def test_change_list_filters_by_status(admin_client):
    make_article(status="draft", title_en="Unfinished draft text")
    make_article(status="published", title_en="Public finished text")
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"state": "draft"})
    html = response.content.decode()
    assert "Unfinished draft text" in html
    assert "Public finished text" not in html


def test_search_finds_chinese_headline(admin_client):
    make_article(title_en="Grid upgrade story", title_zh_hans="电网升级报道")
    make_article(title_en="Other thing entirely", title_zh_hans="完全无关")
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "电网"})
    html = response.content.decode()
    assert "Grid upgrade story" in html and "Other thing entirely" not in html


@pytest.mark.parametrize(
    ("action", "status"),
    [("publish_now", "published"), ("send_back_to_draft", "draft"), ("archive", "archived")],
)
def test_actions_change_status(admin_client, action, status):
    article = make_article(status="review", hours_ago=None)
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [article.pk]},
        follow=True,
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == status
    if status == "published":
        assert article.is_published()


def test_publish_action_keeps_a_future_schedule(admin_client):
    article = make_article(status="review", hours_ago=-3)
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == "published" and article.is_scheduled()


def test_tag_autocomplete_finds_chinese_name(admin_client):
    make_tag(name_en="Supply Chain", name_zh_hans="供应链", slug="supply-chain")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "供应", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Supply Chain"]


def test_section_and_tag_admins_show_both_languages(admin_client):
    make_section(name_en="Field Notes", name_zh_hans="田野笔记")
    make_tag(name_en="Robotics", name_zh_hans="机器人")
    sections = admin_client.get(reverse("admin:articles_section_changelist")).content.decode()
    tags = admin_client.get(reverse("admin:articles_tag_changelist")).content.decode()
    assert "Field Notes" in sections and "田野笔记" in sections
    assert "Robotics" in tags and "机器人" in tags


def test_staff_preview_shows_banner_and_anonymous_gets_404(client, admin_client):
    draft = make_article(status="draft", hours_ago=None, title_en="Secret draft headline")
    make_image(draft)
    url = draft.get_absolute_url()
    assert client.get(url).status_code == 404
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secret draft headline" in html and "not public" in html
