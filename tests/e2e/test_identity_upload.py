"""A person sends the DPI and the video; the upload shows its progress and ends pending."""

import re
import time

from accounts.models import IdentityVerification
from cms.setup import ensure_home_page
from tests.e2e.test_request_wizard import sign_in
from tests.factories import UserFactory, jpeg_bytes, mp4_bytes


def test_identity_upload_with_progress(page, screenshot, tmp_path):
    ensure_home_page()
    user = UserFactory()
    sign_in(page, user)
    page.goto("/cuenta/verificar-identidad/")
    assert "Instrucciones" in page.content()
    front, back, video = tmp_path / "frente.jpg", tmp_path / "reverso.jpg", tmp_path / "video.mp4"
    front.write_bytes(jpeg_bytes())
    back.write_bytes(jpeg_bytes())
    video.write_bytes(mp4_bytes(15) + b"\0" * 2_000_000)  # big enough for the bar to move
    page.get_by_label("CUI").fill(user.cui)
    page.get_by_label("Adjuntar DPI (anverso)").set_input_files(str(front))
    page.get_by_label("Adjuntar DPI (reverso)").set_input_files(str(back))
    page.get_by_label("Adjuntar video de confirmación").set_input_files(str(video))
    screenshot("identidad-formulario")

    def slow_answer(route):
        time.sleep(1.0)  # a slow link: the bar must be on screen meanwhile
        route.continue_()

    page.route("**/cuenta/verificar-identidad/", slow_answer)
    page.get_by_role("button", name="SOLICITAR").click()
    page.wait_for_selector(".upload-progress:not([hidden])", timeout=5000)
    assert page.get_by_role("button", name="SOLICITAR").is_disabled()
    page.get_by_text("SOLICITUD ENVIADA - PENDIENTE DE CONFIRMAR").first.wait_for()
    screenshot("identidad-pendiente")
    assert IdentityVerification.objects.get(user=user).state == "pendiente"
    assert re.search(r"/cuenta/verificar-identidad/$", page.url)
