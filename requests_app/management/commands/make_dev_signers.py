from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from requests_app.certificates.dev_signers import CRL_PATH, ECDSA, RSA, make_dev_signers


class Command(BaseCommand):
    help = (
        "Crea una autoridad certificadora de desarrollo (con su lista de revocación), las llaves y certificados "
        "de los tres firmantes (analista, jefe, director) y de la autoridad de sellado de tiempo local en "
        "SIGNING_DIR. Solo para desarrollo y pruebas: no son firmas válidas. "
        "Se puede ejecutar varias veces: conserva lo que ya existe."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rsa", action="store_true", help="Llaves RSA-2048 en lugar de ECDSA P-256.")
        parser.add_argument("--force", action="store_true", help="Reemplaza las llaves y certificados existentes.")
        parser.add_argument("--dir", dest="directory", help="Carpeta de destino (por defecto SIGNING_DIR).")

    def handle(self, *args, rsa, force, directory, **options):
        target = Path(directory) if directory else Path(settings.SIGNING_DIR)
        crl_url = settings.SITE_URL.rstrip("/") + CRL_PATH
        result = make_dev_signers(target, algorithm=RSA if rsa else ECDSA, force=force, crl_url=crl_url)
        if result.created:
            algorithm = "RSA-2048" if rsa else "ECDSA P-256"
            self.stdout.write(self.style.SUCCESS(f"Creados en {target} ({algorithm}): {', '.join(result.created)}."))
        if result.kept:
            self.stdout.write(f"Ya existían en {target} (sin cambios): {', '.join(result.kept)}.")
        self.stdout.write(self.style.WARNING("Certificados de DESARROLLO: no los use para emitir certificaciones."))
