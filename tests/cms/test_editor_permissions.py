"""Content editors work in the Wagtail admin (/cms/); applicants and back-office staff do not."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import GuidePage
from requests_app.roles import CONTENT_EDITOR, REVIEWER
from tests.factories import PASSWORD, UserFactory

from .markup import html, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(roles, portal_pages):
    return UserFactory(groups=[roles[CONTENT_EDITOR]], email="editora@portal.gob.gt")


@pytest.fixture
def guide(portal_pages):
    page = portal_pages["guide_index"].add_child(
        instance=GuidePage(
            title="Cómo cambiar su contraseña",
            slug="cambiar-contrasena",
            intro="Siga estos pasos.",
            body=[{"type": "section", "value": {"heading": "Antes de empezar", "body": "<p>Tenga su CUI.</p>"}}],
        )
    )
    page.save_revision().publish()
    return page


def guide_form(title, heading, body, *, intro=""):
    """The guide's edit form as the admin posts it, with one section in its body."""
    return nested_form_data(
        {
            "title": title,
            "slug": "cambiar-contrasena",
            "intro": intro,
            "body": streamfield([("section", {"heading": heading, "body": rich_text(body)})]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


def test_an_editor_signs_in_to_the_wagtail_admin_with_their_cui(client, editor):
    response = client.post("/cms/login/", {"username": editor.cui, "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/cms/").status_code == 200


def test_an_editor_opens_the_page_explorer_and_a_guides_edit_form(client, editor, guide):
    client.force_login(editor)

    assert client.get(f"/cms/pages/{guide.get_parent().pk}/").status_code == 200
    response = client.get(f"/cms/pages/{guide.pk}/edit/")
    assert response.status_code == 200
    assert "Cómo cambiar su contraseña" in response.content.decode()


def test_an_editor_edits_and_publishes_a_guide(client, editor, guide):
    client.force_login(editor)

    response = client.post(
        f"/cms/pages/{guide.pk}/edit/",
        guide_form("Cómo cambiar su contraseña", "Lo que necesita", "<p>Su CUI y su correo.</p>", intro="Nuevo."),
    )

    assert response.status_code == 302, html(response).select(".error-message, .help-critical")
    guide.refresh_from_db()
    assert guide.intro == "Nuevo."
    assert guide.live_revision.user == editor
    public = html(client.get(guide.url))
    assert [text_of(a) for a in public.select("nav.toc a")] == ["Lo que necesita"]
    assert "Su CUI y su correo." in text_of(public.select_one(".guide__body"))


def test_an_editor_adds_a_new_guide(client, editor, portal_pages):
    client.force_login(editor)
    index = portal_pages["guide_index"]

    response = client.post(
        f"/cms/pages/add/cms/guidepage/{index.pk}/",
        guide_form("Cómo recuperar su contraseña", "Paso previo", "<p>Tenga su correo.</p>"),
    )

    assert response.status_code == 302
    new = GuidePage.objects.get(title="Cómo recuperar su contraseña")
    assert new.live
    assert new.get_parent().pk == index.pk
    assert client.get(new.url).status_code == 200


def test_an_editor_sees_the_public_pages_without_accepting_the_applicants_terms(client, editor, guide):
    client.force_login(editor)

    assert client.get(guide.url).status_code == 200
    assert client.get("/").status_code == 200


def test_an_applicant_who_has_not_accepted_the_terms_is_still_asked(client, user, guide):
    client.force_login(user)

    response = client.get(guide.url)

    assert response.status_code == 302
    assert response.url.startswith("/cuenta/terminos/")


def test_an_editor_cannot_reach_the_back_office_or_manage_users(client, editor):
    client.force_login(editor)

    assert client.get("/admin/").status_code == 302
    response = client.get("/cms/users/")
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("url", ["/cms/", "/cms/pages/", "/cms/settings/cms/portalsettings/1/"])
def test_a_citizen_is_sent_to_the_sign_in_page_of_the_admin(client, user, portal_pages, url):
    client.force_login(user)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith("/cms/login/")


def test_a_citizen_cannot_sign_in_to_the_wagtail_admin(client, user, portal_pages):
    client.post("/cms/login/", {"username": user.cui, "password": PASSWORD})

    response = client.get("/cms/")
    assert response.status_code == 302
    assert response.url.startswith("/cms/login/")


def test_a_citizen_cannot_edit_a_guide(client, user, guide):
    client.force_login(user)

    response = client.post(
        f"/cms/pages/{guide.pk}/edit/", guide_form("Título cambiado por un intruso", "Intrusión", "<p>x</p>")
    )

    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.title == "Cómo cambiar su contraseña"


def test_back_office_reviewers_do_not_get_the_wagtail_admin(client, staff_in, portal_pages):
    client.force_login(staff_in(REVIEWER))

    response = client.get("/cms/")

    assert response.status_code == 302
    assert response.url.startswith("/cms/login/")


def test_the_editors_group_may_edit_every_page_of_the_portal_and_nothing_above_it(editor, portal_pages):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    policy = PagePermissionPolicy()
    home = portal_pages["guide_index"].get_parent()
    for page in home.get_descendants(inclusive=True).specific():
        assert page.permissions_for_user(editor).can_edit(), page.title
        assert page.permissions_for_user(editor).can_publish(), page.title
    root = Page.get_first_root_node()
    assert not root.permissions_for_user(editor).can_edit()
    assert policy.user_has_permission(editor, "change")
