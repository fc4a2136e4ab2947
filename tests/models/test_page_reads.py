"""The reader's compiled reads (models/page_reads.py) return what the QuerySet methods return."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles.models import Article, ArticleImage, Tag, page_reads
from articles.models.prepared import INT, INTS, MOMENT, TEXT, PreparedRead
from tests.factories import credit, make_article, make_author, make_image, make_note, make_section, make_tag

pytestmark = pytest.mark.django_db
FIELDS = ("slug", "title", "dek", "published_at", "section", "story_type")


def test_a_compiled_read_runs_again_with_new_values_and_the_same_sql():
    first, second = make_article(slug="first-story"), make_article(slug="second-story")
    by_slug = PreparedRead(lambda slug: Article.objects.filter(slug=slug), TEXT)
    with CaptureQueriesContext(connection) as queries:
        assert by_slug("first-story") == [first]
        assert by_slug("second-story") == [second]
        assert by_slug("no-such-story") == []
    statements = {query["sql"].split(" WHERE ")[0] for query in queries.captured_queries}
    assert len(queries) == 3 and len(statements) == 1


def test_lists_of_ids_and_moments_are_parameters_too():
    stories = [make_article(hours_ago=hours) for hours in (1, 2, 3)]

    def build(ids, now):
        return Article.objects.filter(pk__in=ids, published_at__lte=now).order_by("pk")

    read = PreparedRead(build, INTS, MOMENT)
    now = timezone.now()
    assert read([stories[0].pk, stories[1].pk], now) == stories[:2]
    assert read([stories[2].pk], now) == stories[2:]  # a list of another length has its own plan
    assert read([story.pk for story in stories], now - timedelta(hours=2.5)) == stories[2:]


def test_a_stand_in_the_sql_does_not_carry_is_refused():
    read = PreparedRead(lambda pk: Article.objects.all(), INT)  # ignores its parameter
    with pytest.raises(ValueError, match="not found in the SQL"):
        read(1)


def test_a_window_is_a_slice_of_the_rows():
    stories = [make_article(hours_ago=hours) for hours in (1, 2, 3, 4)]
    windows = page_reads.story_list("all")
    assert [row[0] for row in windows[0:2]] == [story.pk for story in stories[:2]]
    assert [row[0] for row in windows[2:10]] == [story.pk for story in stories[2:]]


def test_the_story_page_read_matches_the_queryset_methods():
    tags = [make_tag(), make_tag()]
    story = make_article(tags=tags)
    make_image(story, position=2)
    make_image(story, position=1)
    writer, translator = make_author(), make_author()
    credit(story, writer)
    credit(story, translator, role="translator")
    make_note(story)
    make_article(status="draft", slug="draft-story")

    found = page_reads.story_for_page(story.slug)
    expected = Article.objects.published().with_story_page_data().get(slug=story.slug)
    for name in ("images", "tags", "credits", "notes"):
        with CaptureQueriesContext(connection) as queries:
            assert list(getattr(found, name).all()) == list(getattr(expected, name).all()), name
        assert not queries, f"{name} was read again"
    assert [c.author.name for c in found.credits.all()] == [c.author.name for c in expected.credits.all()]
    assert page_reads.story_for_page("draft-story") is None
    assert page_reads.story_for_page("draft-story", include_unpublished=True).slug == "draft-story"


def test_list_reads_match_the_queryset_methods():
    section, other = make_section(), make_section()
    tag = make_tag()
    author = make_author()
    stories = [make_article(section=(section, other)[n % 2], tags=[tag] if n % 3 else []) for n in range(6)]
    for story in stories[:3]:
        credit(story, author)
        make_image(story)
    make_article(status="draft", section=section, tags=[tag])

    def ids(rows):
        return [row.pk for row in rows]

    def row_ids(rows):
        return [row[0] for row in rows]

    published = Article.objects.published()
    assert row_ids(page_reads.story_list("all")[0:50]) == ids(published)
    in_section = published.filter(section=section)
    assert row_ids(page_reads.story_list("section", section.pk)[0:50]) == ids(in_section)
    assert row_ids(page_reads.story_list("tag", tag.pk)[0:50]) == ids(published.filter(tags=tag))
    assert row_ids(page_reads.story_list("author", author.pk)[0:50]) == ids(published.credited_to(author))
    leads = page_reads.lead_images(ids(stories))
    expected = ArticleImage.objects.lead_images(ids(stories), fields=("article_id", "position", "image"))
    assert {story: row[1] for story, row in leads.items()} == {
        story: image.pk for story, image in expected.items()
    }
    assert page_reads.tag_with_public_stories(tag.slug) == tag
    unused = make_tag()
    make_article(status="draft", tags=[unused])
    assert page_reads.tag_with_public_stories(unused.slug) is None
    assert list(Tag.objects.with_published_stories().filter(slug=unused.slug)) == []


def test_each_language_has_its_own_plan():
    story = make_article(title_en="English headline", title_zh_hans="中文标题")
    read = PreparedRead(lambda slug: Article.objects.filter(slug=slug).only("slug", "title"), TEXT)
    with translation.override("zh-hans"):
        assert read(story.slug)[0].title == "中文标题"
    with translation.override("en"):
        assert read(story.slug)[0].title == "English headline"
    assert len(read._plans) == 2


def test_a_read_gives_the_same_rows_whether_or_not_its_queries_are_watched():
    """On SQLite an unwatched read runs its pre-converted statement on the driver's cursor."""
    story = make_article(slug="100%-percent", title_en="A %s and 100%% in the text")
    by_title = PreparedRead(
        lambda title: Article.objects.filter(title_en=title).exclude(slug__startswith="x%"), TEXT
    )
    unwatched = by_title(story.title_en)
    with CaptureQueriesContext(connection) as queries:
        watched = by_title(story.title_en)
    assert unwatched == watched == [story] and len(queries) == 1
    assert by_title("A %s and") == [] and by_title("absent") == []
