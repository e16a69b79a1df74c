"""No text on top of other text, none cut off: every citizen screen and the admin queue and
change pages, on a 390 × 844 phone and a 1280 × 800 desktop (tests/e2e/layout.py compares the
boxes of every visible text, the phone tables' cell labels included).

The screens are the ones tests/e2e/test_accessibility.py opens; a screenshot of each is saved
under tests/e2e/screenshots/<test id>/.
"""

import pytest
from django.core.files.base import ContentFile

from accounts.models import IdentityVerification
from requests_app import services
from requests_app.roles import IDENTITY_REVIEWER, REVIEWER
from tests.e2e.layout import layout_problems
from tests.e2e.test_accessibility import SCREENS, make_world, sign_in_by_cookie
from tests.factories import ServicePeriodFactory, StaffFactory, UserFactory, complete_applicant, jpeg_bytes

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = [pytest.param(PHONE, id="390x844"), pytest.param(DESKTOP, id="1280x800")]


@pytest.fixture
def layout_page(browser, live_server, transactional_db):
    """A page whose context lets the test add its measuring style (the portal's CSP forbids inline styles)."""
    context = browser.new_context(base_url=live_server.url, locale="es-GT", bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def world(layout_page, tmp_path, live_server, transactional_db):
    return make_world(layout_page, tmp_path, live_server)


def check(page, name, screenshot_path):
    page.wait_for_load_state("load")
    page.screenshot(path=str(screenshot_path), full_page=True)
    problems = layout_problems(page)
    assert not problems, f"{name} ({page.viewport_size['width']} px):\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("screen", [pytest.param(screen, id=screen.name) for screen in SCREENS])
def test_citizen_screen_text_neither_overlaps_nor_is_cut(screen, viewport, world, request):
    from tests.e2e.conftest import SCREENSHOTS

    world.page.set_viewport_size(viewport)
    screen.open(world)
    folder = SCREENSHOTS / "layout"
    folder.mkdir(parents=True, exist_ok=True)
    check(world.page, screen.name, folder / f"{screen.name}-{viewport['width']}.png")


def staff_screens():
    def queue(world):
        return "/admin/requests_app/certificationrequest/"

    def change(world):
        request = services.request_create(applicant=complete_applicant(first_name="María", second_name="Fernanda"))
        ServicePeriodFactory(request=request)
        return f"/admin/requests_app/certificationrequest/{request.pk}/change/"

    def identity(kind):
        def path(world):
            verification = IdentityVerification.objects.create(
                user=UserFactory(),
                dpi_front=ContentFile(jpeg_bytes((640, 400)), "anverso.jpg"),
                dpi_front_type="image/jpeg",
                dpi_back=ContentFile(jpeg_bytes((640, 400)), "reverso.jpg"),
                dpi_back_type="image/jpeg",
                video=ContentFile(b"video", "video.mp4"),
                video_type="video/mp4",
                video_seconds=12,
            )
            if kind == "change":
                return f"/admin/accounts/identityverification/{verification.pk}/change/"
            return f"/admin/accounts/identityverification/{verification.pk}/transition/approve/"

        return path

    return [
        pytest.param(REVIEWER, queue, id="cola-de-solicitudes"),
        pytest.param(REVIEWER, change, id="solicitud-en-admin"),
        pytest.param(IDENTITY_REVIEWER, identity("change"), id="verificacion-de-identidad"),
        pytest.param(IDENTITY_REVIEWER, identity("approve"), id="aprobar-identidad"),
    ]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(("role", "path_of"), staff_screens())
def test_admin_screen_text_neither_overlaps_nor_is_cut(role, path_of, viewport, world, roles, request):
    from tests.e2e.conftest import SCREENSHOTS

    staff = StaffFactory(groups=[roles[role]])
    sign_in_by_cookie(world.page, world.base_url, staff, accept_terms=False)
    world.page.set_viewport_size(viewport)
    world.page.goto(path_of(world))
    folder = SCREENSHOTS / "layout"
    folder.mkdir(parents=True, exist_ok=True)
    check(world.page, request.node.callspec.id, folder / f"admin-{request.node.callspec.id}.png")
