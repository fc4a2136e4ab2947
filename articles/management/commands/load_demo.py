"""Load the demo sections, tags, stories and accounts. Safe to run again: nothing is duplicated."""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import services
from articles.demo import content as demo_content
from articles.demo import people as demo_people
from articles.demo import terms as demo_terms
from articles.demo.pictures import draw_picture
from articles.images import discard_new_files_on_error
from articles.languages import AUTHOR_TEXT_FIELDS, IMAGE_TEXT_FIELDS, STORY_TEXT_FIELDS, SUFFIXES, TRANSLATION
from articles.models import (
    Article,
    ArticleImage,
    Author,
    Credit,
    Section,
    StaffPreference,
    StoryNote,
    Tag,
    TermPair,
)
from articles.roles import EDITORS, TRANSLATORS, ensure_roles
from articles.translations import memory

TRANSLATED = STORY_TEXT_FIELDS


class Command(BaseCommand):
    help = "Create demo sections, tags, stories with pictures, and demo editor and translator accounts."

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="Do not create demo accounts.")

    def handle(self, *args, no_accounts=False, **options):
        # If anything fails, the rows roll back and the image files already stored are removed.
        with transaction.atomic(), discard_new_files_on_error():
            sections = self.load_sections()
            tags = self.load_tags()
            self.load_terms()
            created = self.load_stories(sections, tags)
            self.load_people()
            for article in Article.objects.all():  # the memory learns the demo's translations
                memory.refresh_story(article)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {Section.objects.count()} sections, {Tag.objects.count()} tags, "
                f"{Article.objects.count()} stories ({created} new), {Author.objects.count()} authors, "
                f"{TermPair.objects.count()} terms."
            )
        )
        if not no_accounts:
            self.load_accounts()

    def load_terms(self) -> None:
        """Add the demo termbase; a term already there (same English) is left as the newsroom made it."""
        for english, chinese, keep_as_is, note in demo_terms.TERMS:
            if not TermPair.objects.filter(english__iexact=english).exists():
                TermPair.objects.create(english=english, chinese=chinese, keep_as_is=keep_as_is, note=note)

    def load_sections(self) -> dict[str, Section]:
        sections = {}
        for data in demo_content.SECTIONS:
            section, _ = Section.objects.update_or_create(
                slug=data["slug"],
                defaults={k: data[k] for k in ("name_en", "name_zh_hans", "position")},
            )
            sections[section.slug] = section
        return sections

    def load_tags(self) -> dict[str, Tag]:
        tags = {}
        for data in demo_content.TAGS:
            tag, _ = Tag.objects.update_or_create(
                slug=data["slug"], defaults={"name_en": data["name_en"], "name_zh_hans": data["name_zh_hans"]}
            )
            tags[tag.slug] = tag
        return tags

    def load_stories(self, sections, tags) -> int:
        now = timezone.now()
        created_count = 0
        stories = demo_content.STORIES
        for number, data in enumerate(stories, start=1):
            hours = data.get("published_hours_ago")
            fields = {f"{name}_{lang}": data[f"{name}_{lang}"] for name in TRANSLATED for lang in SUFFIXES}
            fields.update(
                section=sections[data["section"]],
                status=data["status"],
                published_at=None if hours is None else now - timedelta(hours=hours),
                source_name=data["source_name"],
                source_url=data["source_url"],
            )
            article = Article.objects.filter(slug=data["slug"]).first()
            if article is not None:
                continue  # keep what editors changed since the first load
            article = Article(slug=data["slug"], **fields)
            article.save()
            article.tags.set([tags[slug] for slug in data["tags"]])
            for position, picture in enumerate(data["images"], start=1):
                self.add_image(article, position, picture)
            created_count += 1
            self.stdout.write(f"  [{number}/{len(stories)}] {article.title_en}")
        return created_count

    def load_people(self) -> None:
        """Create the demo authors, then credit, type and annotate each demo story once.

        A story that already has credits or notes (an editor's, or an earlier load's) is left alone.
        """
        authors = {}
        for data in demo_people.AUTHORS:
            fields = {
                f"{name}_{lang}": data[f"{name}_{lang}"] for name in AUTHOR_TEXT_FIELDS for lang in SUFFIXES
            }
            author = Author.objects.filter(slug=data["slug"]).first()
            if author is None:
                portrait = draw_picture(tuple(data["colors"]), data["name_en"], size=(600, 600))
                author = Author(slug=data["slug"], links=data["links"], **fields)
                author.image = ContentFile(portrait, name=f"{data['slug']}.jpg")
                author.save()
            authors[author.slug] = author
        now = timezone.now()
        for slug, data in demo_people.STORIES.items():
            article = Article.objects.filter(slug=slug).first()
            if article is None or Credit.objects.filter(article=article).exists() or article.notes.exists():
                continue
            for role, key in ((Credit.Role.BYLINE, "bylines"), (Credit.Role.TRANSLATOR, "translators")):
                for position, author_slug in enumerate(data.get(key, ()), start=1):
                    Credit.objects.create(
                        article=article, author=authors[author_slug], role=role, position=position
                    )
            if data.get("story_type"):
                article.story_type = data["story_type"]
                article.save(update_fields=["story_type"])
            for note in data.get("notes", ()):
                StoryNote.objects.create(
                    article=article,
                    kind=note["kind"],
                    noted_at=now - timedelta(hours=note["hours_ago"]),
                    text_en=note["text_en"],
                    text_zh_hans=note["text_zh_hans"],
                )
            services.record_substantive_update(article=article)

    def add_image(self, article: Article, position: int, data: dict) -> ArticleImage:
        picture = draw_picture(tuple(data["colors"]), data["label"])
        image = ArticleImage(
            article=article,
            position=position,
            image=ContentFile(picture, name=f"{article.slug}-{position}.jpg"),
            credit=data["credit"],
            credit_url=data["credit_url"],
            **{f"{name}_{lang}": data[f"{name}_{lang}"] for name in IMAGE_TEXT_FIELDS for lang in SUFFIXES},
        )
        image.save()
        return image

    def load_accounts(self) -> None:
        roles = ensure_roles()
        self.load_account("editor", roles[EDITORS], superuser=True)
        translator = self.load_account("translator", roles[TRANSLATORS], superuser=False)
        # The demo translator works in a Chinese admin, whatever the browser says (a choice made
        # earlier with the header's switch is kept).
        StaffPreference.objects.get_or_create(user=translator, defaults={"language": TRANSLATION})

    def load_account(self, username: str, group, *, superuser: bool):
        """Create a demo account in its group with a random password, shown only this once."""
        User = get_user_model()
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            existing.groups.add(group)
            self.stdout.write(
                f"Demo {username} account '{username}' already exists "
                f"(forgot the password? python manage.py changepassword {username})."
            )
            return existing
        password = secrets.token_urlsafe(12)
        if superuser:
            user = User.objects.create_superuser(username, f"{username}@example.com", password)
        else:
            user = User.objects.create_user(username, f"{username}@example.com", password, is_staff=True)
        user.groups.add(group)
        self.stdout.write(
            self.style.WARNING(
                f"Demo {username} created ({group.name}). Log in at /admin/ as '{username}' with password: "
                f"{password}\nThis password is shown only once."
            )
        )
        return user
