"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Skipped, with the reason shown, when /usr/bin/chromium is not installed
(`make test` installs it when it can).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module: Playwright's event loop must not outlive the browser tests
    (pyHanko's validation runs its own asyncio loop in later tests)."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium no está instalado en {CHROMIUM}: se omiten las pruebas de navegador")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="es-GT", viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """``screenshot("paso")`` saves tests/e2e/screenshots/<test>/<n>-paso.png (of ``target`` if given)."""
    folder = SCREENSHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(name, target=None):
        path = folder / f"{next(counter):02d}-{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take


def fits_screen(page, name):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: la página es {overflow}px más ancha que la pantalla"


@pytest.fixture
def assert_fits_screen():
    """``assert_fits_screen(page, "nombre")``: nothing on the page scrolls sideways."""
    return fits_screen


BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(page, axe):
    """``assert_accessible()`` runs axe-core on the current page: no serious or critical violation."""

    def check():
        results = axe.run(
            page, options={"resultTypes": ["violations"], "runOnly": ["wcag2a", "wcag2aa", "best-practice"]}
        )
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        report = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:5]}" for v in blocking
        )
        assert not blocking, f"{page.url}\n{report}"

    return check
