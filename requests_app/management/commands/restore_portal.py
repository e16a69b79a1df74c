from django.core.management.base import BaseCommand, CommandError

from requests_app.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaura una copia de backup_portal en la base de datos y el almacenamiento configurados "
        "(vacíos, salvo --replace) y comprueba que cada certificación emitida conserve su SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="Carpeta de la copia.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Sobrescribe una base de datos y archivos existentes (¡destruye lo que haya!).",
        )

    def handle(self, *args, source, replace, **options):
        try:
            report = restore(source, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{count} {area}" for area, count in report.files.items())
        self.stdout.write(f"Base de datos restaurada; archivos puestos en su lugar: {files}.")
        if report.missing or report.certificates_mismatched:
            raise CommandError(
                f"Restauración incompleta: faltan {len(report.missing)} archivos; "
                f"certificaciones que no coinciden: {report.certificates_mismatched}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.certificates_checked} certificaciones emitidas verificadas: cada PDF coincide con su SHA-256."
            )
        )
