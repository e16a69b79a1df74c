"""Wagtail's date-time picker, which writes "Save Selected" in its own markup, speaks Spanish."""

from wagtail.models import Page

from requests_app.roles import CONTENT_EDITOR
from tests.e2e.test_accessibility import make_world, sign_in_by_cookie
from tests.factories import StaffFactory


def test_the_date_time_picker_button_is_spanish(page, live_server, tmp_path, transactional_db, roles):
    make_world(page, tmp_path, live_server)
    editor = StaffFactory(groups=[roles[CONTENT_EDITOR]])
    sign_in_by_cookie(page, live_server.url, editor, accept_terms=False)
    faq = Page.objects.get(slug="preguntas-frecuentes")
    page.goto(f"/cms/pages/{faq.pk}/edit/")
    page.locator("input[name=go_live_at]").focus()  # the picker is drawn the first time it opens
    button = page.locator(".xdsoft_save_selected").first
    button.wait_for(state="attached")
    page.wait_for_function("document.querySelector('.xdsoft_save_selected').textContent === 'Guardar selección'")
    assert "Save Selected" not in page.content()
