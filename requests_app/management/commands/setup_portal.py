from django.core.management.base import BaseCommand

from requests_app.setup import setup_portal


class Command(BaseCommand):
    help = (
        "Prepara el portal para producción: catálogos, roles y permisos del personal, páginas del CMS, "
        "configuración del portal y requisitos de documentos. No crea cuentas. Se puede ejecutar en "
        "cada despliegue: solo crea lo que falta y no cambia lo que el personal editó."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update-catalogs",
            action="store_true",
            help="Actualiza también los registros de catálogos existentes con los valores de fixtures/.",
        )

    def handle(self, *args, update_catalogs, **options):
        report = setup_portal(update_catalogs=update_catalogs)
        for catalog, result in report.catalogs.items():
            self.stdout.write(
                f"  {catalog}: {result.created} nuevos, {result.updated} actualizados, {result.unchanged} sin cambios"
            )
        self.stdout.write(f"  páginas del portal: {report.pages} en el árbol")
        self.stdout.write(f"  roles: {', '.join(report.roles)}")
        self.stdout.write(f"  requisitos de documentos: {report.requirements_created} nuevos")
        self.stdout.write(self.style.SUCCESS("Portal listo; no se creó ninguna cuenta de usuario."))
