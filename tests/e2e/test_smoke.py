"""A person opens the portal and the two admin sign-in pages in a real browser."""

from cms.setup import ensure_home_page
from requests_app import demo
from requests_app.roles import sync_roles


def test_home_and_admin_sign_in_pages_open(page, screenshot):
    ensure_home_page()
    page.goto("/")
    assert page.locator("h1").inner_text() == "Portal de Servicios Electrónicos"
    assert page.get_attribute("html", "lang") == "es-GT"
    screenshot("inicio")

    page.goto("/cms/login/")
    assert page.locator("input[name=username]").is_visible()
    screenshot("cms-ingreso")

    page.goto("/admin/login/")
    assert page.locator("input[name=username]").is_visible()
    screenshot("admin-ingreso")


def test_staff_sign_in_to_the_back_office_with_their_cui(page):
    ensure_home_page()
    demo.ensure_staff(sync_roles())
    reviewer = next(a for a in demo.STAFF_ACCOUNTS if a.role == "Revisor")
    from django.contrib.auth import get_user_model

    cui = get_user_model().objects.get(email=reviewer.email).cui
    page.goto("/admin/login/")
    page.fill("input[name=username]", cui)
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    assert "Panel de trabajo" in page.content()
