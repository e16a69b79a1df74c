"""`seed_demo` builds the public page tree once; running it again changes nothing editors own."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Count
from wagtail.models import Page, Revision, Site

from cms.models import (
    AssistanceFormPage,
    FAQPage,
    GuideIndexPage,
    GuidePage,
    HomePage,
    SeededPage,
    TermsOfUsePage,
)
from cms.setup import ensure_portal_content
from requests_app.roles import CONTENT_EDITOR
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def seed_demo():
    output = StringIO()
    call_command("seed_demo", users=0, requests=0, allow_demo_accounts=True, stdout=output)
    return output.getvalue()


def tree() -> dict[str, tuple[int, str]]:
    """Every page below the root: url path → (pk, type)."""
    return {page.url_path: (page.pk, type(page).__name__) for page in Page.objects.filter(depth__gt=1).specific()}


def editor():
    """A member of the content editors' group that seed_demo sets up."""
    return UserFactory(groups=[Group.objects.get(name=CONTENT_EDITOR)])


def publish_as(user, page):
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def test_seed_demo_builds_the_public_page_tree():
    output = seed_demo()

    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    children = {type(page).__name__: page for page in home.get_children().live().specific()}
    assert set(children) == {"TermsOfUsePage", "GuideIndexPage", "FAQPage", "AssistanceFormPage"}
    assert AssistanceFormPage.objects.child_of(home).live().count() == 2
    guides = GuidePage.objects.child_of(children["GuideIndexPage"]).live()
    assert sorted(guides.values_list("slug", flat=True)) == [
        "registro-y-verificacion-de-identidad",
        "solicitud-de-certificacion-de-servicios",
    ]
    for form in AssistanceFormPage.objects.all():
        assert form.form_fields.count() == 9
    assert len(home.services) == 8
    assert len(home.authorized_systems) == 4
    assert "páginas del portal: 6 en el árbol" in output


def test_every_seeded_page_answers_at_its_address(client):
    seed_demo()

    for page in Page.objects.filter(depth__gt=1).live().specific():
        assert client.get(page.url).status_code == 200, page.url


def test_running_seed_demo_twice_leaves_the_same_pages():
    seed_demo()
    first_tree, first_revisions = tree(), Revision.objects.count()

    seed_demo()

    assert tree() == first_tree  # same addresses, same pks, same types
    assert Revision.objects.count() == first_revisions  # nothing republished
    assert HomePage.objects.count() == 1
    assert TermsOfUsePage.objects.count() == 1
    duplicated = Page.objects.values("url_path").annotate(n=Count("id")).filter(n__gt=1)
    assert list(duplicated) == []  # no two pages at one address


def test_an_editors_changes_survive_seed_demo():
    seed_demo()
    editor_user = editor()
    guide = GuidePage.objects.get(slug="registro-y-verificacion-de-identidad")
    guide.title = "Cómo registrarse (versión revisada)"
    guide.intro = "Texto nuevo del editor."
    publish_as(editor_user, guide)
    form = AssistanceFormPage.objects.get(slug="asistencia-tecnica")
    form.form_heading = "Cuéntenos su problema"
    publish_as(editor_user, form)

    seed_demo()

    guide.refresh_from_db()
    form.refresh_from_db()
    assert guide.title == "Cómo registrarse (versión revisada)"
    assert guide.intro == "Texto nuevo del editor."
    assert form.form_heading == "Cuéntenos su problema"


def test_a_home_page_an_editor_emptied_is_not_refilled():
    seed_demo()
    home = HomePage.objects.get()
    home.services = []
    home.authorized_systems = []
    publish_as(editor(), home)

    seed_demo()

    home.refresh_from_db()
    assert len(home.services) == 0
    assert len(home.authorized_systems) == 0


def test_a_page_editors_deleted_does_not_come_back():
    seed_demo()
    FAQPage.objects.get().delete()
    GuidePage.objects.get(slug="solicitud-de-certificacion-de-servicios").delete()

    seed_demo()

    assert not FAQPage.objects.exists()
    assert list(GuidePage.objects.values_list("slug", flat=True)) == ["registro-y-verificacion-de-identidad"]


def test_a_page_editors_moved_or_renamed_is_not_created_again():
    seed_demo()
    guide = GuidePage.objects.get(slug="registro-y-verificacion-de-identidad")
    guide.slug = "registro"
    publish_as(editor(), guide)
    form = AssistanceFormPage.objects.get(slug="consultas-sugerencias-y-reclamos")
    form.title = "Sugerencias"
    form.slug = "sugerencias"
    publish_as(editor(), form)

    seed_demo()

    assert GuidePage.objects.count() == 2
    assert GuidePage.objects.filter(slug="registro").exists()
    assert AssistanceFormPage.objects.count() == 2
    assert not Page.objects.filter(slug="consultas-sugerencias-y-reclamos").exists()


def test_a_page_an_editor_made_before_seeding_is_adopted_not_duplicated(home_page):
    faq = home_page.add_child(
        instance=FAQPage(
            title="Preguntas del editor",
            slug="preguntas-frecuentes",
            body=[
                {
                    "type": "group",
                    "value": {"heading": "Cuenta", "questions": [{"question": "¿Qué?", "answer": "<p>Eso.</p>"}]},
                }
            ],
        )
    )

    pages = ensure_portal_content()

    assert pages["faq"].pk == faq.pk
    assert FAQPage.objects.count() == 1
    assert FAQPage.objects.get().title == "Preguntas del editor"
    assert SeededPage.objects.get(key="faq").page_id == faq.pk


def test_a_page_of_another_kind_at_a_seeded_address_is_left_alone(home_page):
    other = home_page.add_child(instance=GuideIndexPage(title="Ayuda técnica", slug="asistencia-tecnica"))

    pages = ensure_portal_content()

    assert pages["technical"] is None
    assert Page.objects.get(pk=other.pk).specific_class is GuideIndexPage
    assert AssistanceFormPage.objects.count() == 1  # only the other service
