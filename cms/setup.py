"""Create the public site's page tree and the editors' permissions, idempotently.

Nothing here overwrites what editors have changed: pages are created only when
missing. It also rebuilds what Wagtail's migrations create (locale, root page,
root collection) when a database was flushed, as browser tests do.
"""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from .content import assistance as assistance_content
from .content import faq as faq_content
from .content import guides as guide_content
from .content import home as home_content
from .content.home import HOME_BODY, HOME_INTRO, HOME_TITLE
from .models import (
    AssistanceFormField,
    AssistanceFormPage,
    FAQPage,
    GuideIndexPage,
    GuidePage,
    HomePage,
    PortalSettings,
    SeededPage,
    TermsOfUsePage,
)

TERMS_TITLE = "Términos de uso y condiciones"
TERMS_INTRO = (
    "Términos de uso y condiciones para la utilización del Portal de Servicios Electrónicos y de su "
    "casillero electrónico."
)
TERMS_BODY = """
<h2>1. Objeto</h2>
<p>Estos términos regulan el uso del Portal de Servicios Electrónicos, por medio del cual las personas
solicitan servicios en línea, como la Certificación de Servicios prestados al Estado, y reciben
notificaciones oficiales en su casillero electrónico, conforme al Decreto 5-2021 del Congreso de la
República, Ley para la Simplificación de Requisitos y Trámites Administrativos.</p>
<h2>2. Cuenta de usuario</h2>
<p>La cuenta es personal e intransferible y se identifica con el Código Único de Identificación (CUI) del
Documento Personal de Identificación (DPI). El usuario es responsable de mantener en secreto su
contraseña y de todas las gestiones realizadas con su cuenta.</p>
<h2>3. Veracidad de la información</h2>
<p>El usuario declara que los datos y documentos que ingresa son verdaderos, legibles y le pertenecen o
está autorizado para presentarlos en nombre de un tercero. La presentación de información falsa será
responsabilidad exclusiva del usuario y puede dar lugar a las acciones legales correspondientes.</p>
<h2>4. Casillero electrónico y notificaciones</h2>
<p>Al aceptar estos términos, el usuario acepta recibir en su casillero electrónico las notificaciones
relacionadas con sus solicitudes. Los avisos enviados al correo electrónico registrado solo informan que
existe una nueva notificación; el contenido oficial es el que consta en el casillero.</p>
<h2>5. Pagos</h2>
<p>El pago de los servicios se realiza por depósito monetario o transferencia electrónica a la cuenta
indicada en el portal. Un mismo comprobante de pago no puede utilizarse en más de una solicitud.</p>
<h2>6. Datos personales</h2>
<p>Los datos personales se utilizan únicamente para atender las solicitudes del usuario y se resguardan
conforme a la ley. Solo el usuario y el personal autorizado tienen acceso a ellos.</p>
<h2>7. Cambios a estos términos</h2>
<p>Cuando se publique una nueva versión de estos términos, el usuario deberá aceptarla la próxima vez que
ingrese al portal para continuar utilizando sus servicios.</p>
"""

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
}
# Model permissions of the content editor besides the pages: the portal settings and the
# assistance submissions (read, assign, answer). Nothing of the Django admin.
EDITOR_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("cms", "change_portalsettings"),
    ("cms", "view_assistancesubmission"),
    ("cms", "change_assistancesubmission"),
)


@transaction.atomic
def ensure_home_page() -> HomePage:
    """The single HomePage, made the root of the default site."""
    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(instance=HomePage(title=HOME_TITLE, slug="inicio", intro=HOME_INTRO, body=HOME_BODY))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=HOME_TITLE
        )
    elif site.root_page_id != home.pk:
        previous = site.root_page.specific
        site.root_page = home
        site.site_name = HOME_TITLE
        site.save()
        if type(previous) is Page and not previous.get_children().exists():
            previous.delete()  # Wagtail's "Welcome to your new Wagtail site!" placeholder.
    PortalSettings.for_site(site)  # the site's settings row, with the defaults
    return home


@transaction.atomic
def ensure_terms_page() -> TermsOfUsePage:
    """The published terms of use, under the home page."""
    terms = TermsOfUsePage.objects.first()
    if terms is None:
        terms = ensure_home_page().add_child(
            instance=TermsOfUsePage(title=TERMS_TITLE, slug="terminos", intro=TERMS_INTRO, body=TERMS_BODY)
        )
        terms.save_revision().publish()
        terms.refresh_from_db()
    return terms


def grant_editor_permissions(group) -> None:
    """Let ``group`` edit and publish the public pages, the portal settings, the assistance
    submissions, images and documents; nothing else."""
    for app_label, codename in EDITOR_MODEL_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    home = ensure_home_page()
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for app_label, codenames in COLLECTION_PERMISSIONS.items():
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


# -- The rest of the public site ------------------------------------------------------------------


def edited_by_people(page: Page) -> bool:
    """Whether someone saved this page in the admin (seeded revisions have no user)."""
    return page.revisions.filter(user__isnull=False).exists()


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def seed_page(key: str, parent: Page, build) -> Page | None:
    """The page seeded under ``key``: created once with ``build()`` under ``parent`` and published.

    Returns ``None`` when it was created before and editors deleted it (it is not brought back).
    A page of the same type and slug already under ``parent`` is adopted instead of duplicated; a page of
    another type at that address makes it skip (``None``).
    """
    record = SeededPage.objects.select_related("page").filter(key=key).first()
    if record is not None:
        return record.page.specific if record.page is not None else None
    instance = build()
    existing = Page.objects.child_of(parent).filter(slug=instance.slug).first()
    if existing is None:
        existing = publish(parent.add_child(instance=instance))
    elif not isinstance(existing.specific, type(instance)):
        return None  # an editor's page of another kind took the address: leave it alone
    SeededPage.objects.create(key=key, page=existing)
    return existing.specific


def _guide(data: dict, body) -> GuidePage:
    return GuidePage(
        title=data["title"],
        slug=data["slug"],
        intro=data["intro"],
        search_description=data.get("search_description", ""),
        body=body(),
    )


def _assistance_page(data: dict) -> AssistanceFormPage:
    page = AssistanceFormPage(
        title=data["title"],
        slug=data["slug"],
        show_in_menus=data["show_in_menus"],
        search_description=data["search_description"],
        intro=data["intro"],
        excluded_topics=assistance_content.topics(),
        features=assistance_content.features(),
        thank_you_text=data["thank_you_text"],
        confirmation_message=data["confirmation_message"],
    )
    page.form_fields = [
        AssistanceFormField(label=label, field_type=kind, required=required, choices=choices, help_text=help_text)
        for label, kind, required, choices, help_text in assistance_content.FORM_FIELDS
    ]
    return page


def fill_home_page(home: HomePage, pages: dict) -> bool:
    """Give a home page nobody has edited yet its tiles and authorised systems; True if it changed."""
    if home.services or edited_by_people(home):
        return False
    home.services = home_content.services(**pages)
    home.authorized_systems = home_content.authorized_systems()
    publish(home)
    return True


@transaction.atomic
def ensure_portal_content() -> dict[str, Page | None]:
    """Guides, FAQ, the two assistance services, the home page's tiles and the portal settings.

    Safe to run again and again: nothing is overwritten and nothing editors deleted comes back.
    """
    home = ensure_home_page()
    ensure_terms_page()
    index = seed_page(
        "guide_index",
        home,
        lambda: GuideIndexPage(
            title=guide_content.GUIDE_INDEX["title"],
            slug=guide_content.GUIDE_INDEX["slug"],
            intro=guide_content.GUIDE_INDEX["intro"],
            show_in_menus=True,
        ),
    )
    pages = {"guide_index": index}
    if index is not None:
        pages["registration_guide"] = seed_page(
            "guide_registration", index, lambda: _guide(guide_content.REGISTRATION, guide_content.registration_body)
        )
        pages["certification_guide"] = seed_page(
            "guide_certification",
            index,
            lambda: _guide(guide_content.CERTIFICATION, guide_content.certification_body),
        )
    pages["faq"] = seed_page(
        "faq",
        home,
        lambda: FAQPage(
            title=faq_content.FAQ["title"],
            slug=faq_content.FAQ["slug"],
            intro=faq_content.FAQ["intro"],
            show_in_menus=True,
            body=faq_content.faq_body(),
        ),
    )
    pages["technical"] = seed_page("assistance_technical", home, lambda: _assistance_page(assistance_content.TECHNICAL))
    pages["inquiries"] = seed_page("assistance_inquiries", home, lambda: _assistance_page(assistance_content.INQUIRIES))
    tiles = ("registration_guide", "certification_guide", "technical", "inquiries", "faq")
    if all(pages.get(name) is not None for name in tiles):
        fill_home_page(home, {name: pages[name] for name in tiles})
    return pages
