import re

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleImage, Section, Tag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_picture_encodings")]


def counts():
    return (
        Section.objects.count(),
        Tag.objects.count(),
        Article.objects.count(),
        ArticleImage.objects.count(),
    )


def test_load_demo_twice_yields_the_same_counts(capsys):
    call_command("load_demo")
    first_out = capsys.readouterr().out
    first = counts()
    call_command("load_demo")
    second_out = capsys.readouterr().out
    assert counts() == first
    sections, tags, stories, images = first
    assert sections == 3 and tags >= 8 and stories >= 8 and images >= stories

    # A random password, printed once, never again.
    password = re.search(r"password: (\S+)", first_out).group(1)
    assert len(password) >= 12
    assert password not in second_out
    assert "already exists" in second_out


def test_demo_has_the_promised_mix_of_stories():
    call_command("load_demo", no_accounts=True)
    assert Article.objects.filter(status="draft").count() == 1
    assert Article.objects.scheduled().count() == 1
    published = Article.objects.published()
    assert published.count() >= 6
    partial = [a for a in published if not a.body_zh_hans]
    assert len(partial) == 1 and partial[0].title_zh_hans
    for article in published:
        assert article.images.exists()
        assert article.tags.exists()
        assert "<!--image:1-->" in article.body_html_en


def test_demo_passwords_differ_between_databases(django_user_model, capsys):
    call_command("load_demo")
    first = re.search(r"password: (\S+)", capsys.readouterr().out).group(1)
    django_user_model.objects.all().delete()
    call_command("load_demo")
    second = re.search(r"password: (\S+)", capsys.readouterr().out).group(1)
    assert first != second
