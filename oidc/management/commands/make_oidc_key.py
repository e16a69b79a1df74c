from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.management.base import BaseCommand

KEY_NAME = "oidc.key.pem"
PREVIOUS_NAME = "oidc.previous.key.pem"


def new_private_key_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


class Command(BaseCommand):
    help = (
        "Crea la llave RSA de DESARROLLO que firma los ID tokens (SIGNING_DIR/oidc.key.pem). Con --rotate, la "
        "llave actual pasa a oidc.previous.key.pem y se sigue publicando en el JWKS hasta la próxima rotación. "
        "En producción la llave viene de OIDC_RSA_PRIVATE_KEY. Los cambios se leen al reiniciar el proceso."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="Nueva llave; la anterior queda publicada.")
        parser.add_argument("--dir", dest="directory", help="Carpeta de destino (por defecto SIGNING_DIR).")

    def handle(self, *args, rotate, directory, **options):
        target = Path(directory) if directory else Path(settings.SIGNING_DIR)
        target.mkdir(parents=True, exist_ok=True)
        current, previous = target / KEY_NAME, target / PREVIOUS_NAME
        if current.exists() and not rotate:
            self.stdout.write(f"Ya existe {current} (sin cambios).")
            return
        if current.exists():
            current.replace(previous)
            self.stdout.write(f"La llave anterior queda publicada: {previous}")
        current.write_bytes(new_private_key_pem())
        current.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Llave de firma de ID tokens creada: {current}"))
