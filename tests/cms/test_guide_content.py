"""The guides' text lives in fixtures/content/guides/*.json; seeding stores it block by block, as before."""

import pytest

from cms.content import guides
from cms.models import GuideIndexPage, GuidePage
from cms.setup import ensure_portal_content

pytestmark = pytest.mark.django_db

#: The blocks the guides had when their text was Python code: (block type, heading).
BLOCKS = {
    "registro-y-verificacion-de-identidad": [
        ("section", "Objetivo"),
        ("section", "Antes de empezar"),
        ("step", "Ingrese al portal y haga clic en REGISTRARSE"),
        ("step", "Llene el formulario de registro"),
        ("step", "Confirme su correo electrónico"),
        ("step", "Ingrese al portal"),
        ("step", "Complete sus datos personales"),
        ("step", "Solicite la verificación de su identidad"),
        ("step", "Espere la revisión de su solicitud"),
        ("section", "Si olvidó su contraseña"),
    ],
    "solicitud-de-certificacion-de-servicios": [
        ("section", "Presentación"),
        ("section", "¿Quién puede solicitarla?"),
        ("section", "Requisitos"),
        ("payment", "Pago de la Certificación de Servicios"),
        ("callout", None),
        ("step", "Entre a Certificación de Servicios"),
        ("step", "Cree la solicitud"),
        ("step", "Revise los Datos Generales"),
        ("step", "Agregue la certificación de servicios a solicitar"),
        ("step", "Registre la información de la boleta"),
        ("step", "Adjunte los documentos de respaldo"),
        ("step", "Revise y envíe con Solicitar CS"),
        ("step", "Dé seguimiento a su solicitud"),
        ("step", "Solicite la certificación de un tercero"),
        ("step", "Reciba su certificación"),
    ],
}


def test_the_seeded_guides_have_the_blocks_of_their_files(home_page):
    ensure_portal_content()
    assert GuideIndexPage.objects.get().intro == guides.GUIDE_INDEX["intro"]
    for slug, blocks in BLOCKS.items():
        page = GuidePage.objects.get(slug=slug)
        data = guides.load(slug)
        assert (page.title, page.intro, page.search_description) == (
            data["title"],
            data["intro"],
            data["search_description"],
        )
        stored = list(page.body.raw_data)
        assert [(block["type"], block["value"].get("heading")) for block in stored] == blocks
        for block, source in zip(stored, data["body"], strict=True):
            assert block["value"].get("body") == source["value"].get("body")
            assert block["value"].get("text") == source["value"].get("text")
