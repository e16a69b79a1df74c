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

from .models import HomePage, TermsOfUsePage

HOME_TITLE = "Portal de Servicios Electrónicos"
HOME_INTRO = (
    "Realice en línea sus trámites ante el Estado de Guatemala: solicite su Certificación de "
    "Servicios, verifique su identidad y reciba sus notificaciones oficiales en su casillero electrónico."
)
HOME_BODY = (
    "<p>El portal permite a ciudadanos, servidores y ex servidores públicos gestionar sus servicios "
    "electrónicos desde cualquier lugar, a cualquier hora, con su CUI y una contraseña segura.</p>"
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
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=HOME_TITLE)
    elif site.root_page_id != home.pk:
        previous = site.root_page.specific
        site.root_page = home
        site.site_name = HOME_TITLE
        site.save()
        if type(previous) is Page and not previous.get_children().exists():
            previous.delete()  # Wagtail's "Welcome to your new Wagtail site!" placeholder.
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
    """Let ``group`` edit and publish every public page, images and documents."""
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
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
