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

from .models import HomePage

HOME_TITLE = "Portal de Servicios Electrónicos"
HOME_INTRO = (
    "Realice en línea sus trámites ante el Estado de Guatemala: solicite su Certificación de "
    "Servicios, verifique su identidad y reciba sus notificaciones oficiales en su casillero electrónico."
)
HOME_BODY = (
    "<p>El portal permite a ciudadanos, servidores y ex servidores públicos gestionar sus servicios "
    "electrónicos desde cualquier lugar, a cualquier hora, con su CUI y una contraseña segura.</p>"
)

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
