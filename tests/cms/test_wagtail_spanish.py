"""Editors read Spanish in Wagtail: the workflow, its task and the groups Wagtail creates are
named in Spanish, and the project's catalogue fills the strings Wagtail leaves untranslated."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import Page, Task, Workflow

from requests_app.roles import CONTENT_EDITOR
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_wagtail_workflow_task_and_groups_have_spanish_names():
    assert Workflow.objects.filter(name="Aprobación de moderadores").exists()
    assert Task.objects.filter(name="Aprobación de moderadores").exists()
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Moderadores", "Editores"} <= names
    assert not names & {"Moderators", "Editors"}
    assert not Workflow.objects.filter(name__icontains="Moderators").exists()


def test_the_page_editor_offers_to_send_to_the_spanish_workflow(client, roles, portal_pages):
    client.force_login(UserFactory(groups=[roles[CONTENT_EDITOR]]))
    page = Page.objects.get(slug="preguntas-frecuentes")
    body = client.get(f"/cms/pages/{page.pk}/edit/").content.decode()
    assert "Moderators" not in body
    if "Enviar a" in body:
        assert "Enviar a Aprobación de moderadores" in body


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("Exploring", "Explorando"),
        ("Search…", "Buscar…"),
        ("Show filters", "Mostrar filtros"),
        ("There are no %(model_name)s to display.", "No hay %(model_name)s para mostrar."),
        (
            "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s",
            "%(start_index)s-%(end_index)s de %(items_count)s %(model_name)s",
        ),
        ("Change reason", "Motivo del cambio"),
    ],
)
def test_the_compiled_catalogue_translates_what_wagtail_and_simple_history_leave_in_english(english, spanish):
    with translation.override("es-gt"):
        assert translation.gettext(english) == spanish


def test_the_migration_turns_the_seeded_tu_of_existing_assistance_pages_into_usted(portal_pages):
    import importlib

    from django.apps import apps

    from cms.models import AssistanceFormPage

    page = AssistanceFormPage.objects.get(slug="asistencia-tecnica")
    page.intro = "<p><b>Estamos aquí para asistirte en tus dudas o comentarios.</b> Use este servicio.</p>"
    page.form_intro = "Luego te responderemos. Uno de nuestros agentes se pondrá en contacto contigo pronto."
    page.notice_intro = "Ten en cuenta los tipos de consultas que NO serán atendidas por esta vía"
    page.save()
    page.save_revision()

    importlib.import_module("cms.migrations.0007_identity_video_tutorial_and_usted").forwards(apps, None)

    page.refresh_from_db()
    assert "asistirle en sus dudas" in page.intro
    assert page.form_intro == "Luego le responderemos. Uno de nuestros agentes se pondrá en contacto con usted pronto."
    assert page.notice_intro.startswith("Tenga en cuenta")
    assert "asistirle en sus dudas" in page.get_latest_revision().content["intro"]
