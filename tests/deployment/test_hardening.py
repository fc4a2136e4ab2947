"""Hardening, round two (issue 22): previews need a permission, URL columns refuse other schemes,
unpublished tags stay hidden, login throttling behind a proxy, and max-age rounding."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db


# --- 3. The preview on the public story page needs the story view permission -------------------


@pytest.mark.parametrize("status,hours_ago", [("draft", 1), ("published", -24), ("archived", 1)])
def test_staff_account_without_the_permission_cannot_preview(client, status, hours_ago):
    story = make_article(title_en="Embargoed chip export memo", status=status, hours_ago=hours_ago)
    bare_staff = get_user_model().objects.create_user("bare-staff", is_staff=True)
    client.force_login(bare_staff)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 404
    assert "Embargoed chip export memo" not in response.content.decode()


@pytest.mark.parametrize("role", ["Editors", "Translators"])
def test_roles_with_the_view_permission_still_preview(client, role):
    story = make_article(title_en="Draft memo on model licensing", status="draft")
    client.force_login(make_staff_user(role))
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft memo on model licensing" in html and 'class="preview-banner"' in html
    assert "no-store" in response["Cache-Control"]


def test_anonymous_readers_never_see_a_draft(client):
    story = make_article(title_en="Unannounced merger draft", status="draft")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 404
    assert "Unannounced merger draft" not in response.content.decode()
