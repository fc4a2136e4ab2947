"""The admin under the strict Content-Security-Policy, in a real browser: nothing is blocked.

CSP violations show up as console errors, which the page watcher collects. This proves the admin
needs no exception to the policy (no 'unsafe-inline', no 'unsafe-eval'), tabs and widgets included.
"""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_article, make_image, make_tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser test passphrase for the desk"


def test_admin_login_and_story_form_run_without_csp_violations(page, live_server):
    get_user_model().objects.create_superuser("desk", password=PASSWORD)
    article = make_article(title_en="Story opened in the admin", tags=[make_tag()])
    make_image(article)

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.wait_for_load_state("networkidle")
    # modeltranslation's language tabs are built by jQuery UI: the Chinese tab must work.
    page.get_by_role("tab", name="zh-hans").first.click()
    assert page.locator("#id_title_zh_hans").is_visible()
    # The collapsed "Advanced" fieldset and the date shortcuts are admin JavaScript too.
    page.get_by_text("Advanced").click()
    assert page.locator("#id_slug").is_visible()

    page.goto(f"{live_server.url}/admin/articles/article/")
    page.wait_for_load_state("networkidle")
    page.watcher.assert_clean()
