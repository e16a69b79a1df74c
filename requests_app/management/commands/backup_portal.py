from django.core.management.base import BaseCommand, CommandError

from requests_app.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Respalda el portal en una carpeta nueva: la base de datos (pg_dump en formato personalizado, "
        "o la API de respaldo de SQLite), todos los archivos privados y públicos y un manifiesto con el "
        "SHA-256 de cada archivo. Comprueba cada certificación emitida contra su huella."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", dest="target", required=True, help="Carpeta de destino (nueva o vacía).")

    def handle(self, *args, target, **options):
        try:
            report = backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{count} {area}" for area, count in report.files.items())
        self.stdout.write(f"Base de datos y archivos ({files}) copiados en {target}.")
        self.stdout.write(f"{report.certificates_checked} certificaciones emitidas comprobadas.")
        problems = []
        if report.missing:
            problems.append(
                f"faltan {len(report.missing)} archivos que la base nombra: {', '.join(report.missing[:10])}"
            )
        if report.certificates_mismatched:
            numbers = ", ".join(map(str, report.certificates_mismatched))
            problems.append(f"certificaciones cuyo PDF no coincide con su SHA-256: {numbers}")
        if problems:
            raise CommandError("La copia se escribió, pero " + "; ".join(problems) + ". Revise y repita.")
        self.stdout.write(self.style.SUCCESS("Copia completa."))
