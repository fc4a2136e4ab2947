"""Print what a site shows, as JSON, for comparing two sites run in subprocesses.

``python -m tests.operations.snapshot`` (with the site's environment) prints every reader page in
both languages (status, SHA-256 of the bytes, ETag), search results, and, with ``--state``, each
story's revision list and diffs, translation status, and which accounts can log in (passwords from
the ``SNAPSHOT_LOGINS`` environment variable, a JSON object). ``SNAPSHOT_PUBLISHED_ONLY=1`` leaves
out the pages of unpublished stories (404s), for sites with thousands of drafts.
"""

import hashlib
import json
import os
import sys

SEARCHES = ("model", "chip", "芯片", "美国", "TSMC", "数据中心")


def pages() -> dict:
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from articles.models import Article, Section, Tag

    urls = ["/sitemap.xml"]
    for language in ("en", "zh-hans"):
        with translation.override(language):
            urls += [reverse("articles:index"), reverse("articles:feed-rss"), reverse("articles:feed-atom")]
            stories = Article.objects.order_by("slug")
            if os.environ.get("SNAPSHOT_PUBLISHED_ONLY"):
                stories = stories.published()
            urls += [a.get_absolute_url() for a in stories]
            urls += [s.get_absolute_url() for s in Section.objects.order_by("slug")]
            for tag in Tag.objects.order_by("slug"):
                urls += [tag.get_absolute_url(), reverse("articles:tag-feed", kwargs={"slug": tag.slug})]
            urls += [f"{reverse('articles:search')}?q={q}" for q in SEARCHES]
    client = Client()
    result = {}
    for url in urls:
        response = client.get(url)
        body = response.content
        result[url] = [response.status_code, hashlib.sha256(body).hexdigest(), response.get("ETag")]
    return result


def state() -> dict:
    from django.contrib.auth import authenticate
    from django.contrib.auth.models import Group, User
    from django.test import RequestFactory

    from articles.history.diff import diff_snapshots
    from articles.history.snapshots import snapshots_from_versions, story_versions
    from articles.models import Article
    from articles.translations.status import article_status

    stories = {}
    for article in Article.objects.order_by("slug").prefetch_related("images"):
        versions = list(story_versions(article.pk))
        snapshots = snapshots_from_versions(versions)
        by_date = list(reversed(snapshots))
        diffs = [
            [[change.label, str(change.html)] for change in diff_snapshots(old, new)]
            for old, new in zip([None, *by_date], by_date, strict=False)
        ]
        stories[article.slug] = {
            "revisions": [
                [r.date_created.isoformat(), r.comment, getattr(r.user, "username", None)]
                for r in (v.revision for v in versions)
            ],
            "diffs": diffs,
            "translation": article_status(article).fields,
            "translation_sources": article.translation_sources,
        }
    logins = json.loads(os.environ.get("SNAPSHOT_LOGINS", "{}"))
    return {
        "stories": stories,
        "users": sorted(User.objects.values_list("username", "is_staff", "is_superuser")),
        "groups": {
            group.name: sorted(group.permissions.values_list("codename", flat=True))
            for group in Group.objects.all()
        },
        "memberships": sorted(User.groups.through.objects.values_list("user__username", "group__name")),
        "logins": {
            name: authenticate(RequestFactory().post("/"), username=name, password=pw) is not None
            for name, pw in logins.items()
        },
    }


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    output = {"pages": pages()}
    if "--state" in sys.argv:
        output["state"] = state()
    json.dump(output, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main()
