from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from oidc.scopes import SCOPES
from oidc.services import register_system


class Command(BaseCommand):
    help = (
        "Registra un sistema autorizado (cliente OpenID Connect) e imprime su client_id y, si es confidencial, "
        "su client_secret (solo esta vez: se guarda cifrado)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Nombre del sistema, como lo verán las personas.")
        parser.add_argument(
            "--redirect-uri", action="append", required=True, dest="redirect_uris", help="Dirección de retorno exacta."
        )
        parser.add_argument("--post-logout-redirect-uri", action="append", default=[], dest="post_logout_redirect_uris")
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            dest="scopes",
            choices=list(SCOPES),
            help="Datos permitidos (repita la opción). Por defecto: openid email profile.",
        )
        parser.add_argument("--public", action="store_true", help="Cliente público (sin secreto, PKCE obligatorio).")
        parser.add_argument("--home-url", default="", help="Página del sistema (enlace en el inicio y el tablero).")

    def handle(self, *args, name, redirect_uris, post_logout_redirect_uris, scopes, public, home_url, **options):
        try:
            system, secret = register_system(
                name=name,
                redirect_uris=redirect_uris,
                post_logout_redirect_uris=post_logout_redirect_uris,
                scopes=scopes,
                public=public,
                home_url=home_url,
            )
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from error
        self.stdout.write(f"client_id={system.client_id}")
        if secret:
            self.stdout.write(f"client_secret={secret}")
