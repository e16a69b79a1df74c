from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from requests_app import demo
from requests_app.demo_certificates import DEMO_ISSUED, SigningNotConfigured, ensure_issued_certificates
from requests_app.demo_requests import ensure_requests


class Command(BaseCommand):
    help = (
        "Ejecuta setup_portal (catálogos, páginas, roles, requisitos) y agrega cuentas y solicitudes de "
        "demostración. Se puede ejecutar varias veces: solo crea lo que falta."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=5, help="Solicitantes de demostración (por defecto 5).")
        parser.add_argument(
            "--requests", type=int, default=0, help="Solicitudes de demostración repartidas entre los solicitantes."
        )
        parser.add_argument(
            "--certificates",
            type=int,
            default=DEMO_ISSUED,
            help=f"Solicitantes (los primeros) con una certificación emitida y firmada (por defecto {DEMO_ISSUED}).",
        )
        parser.add_argument(
            "--allow-demo-accounts",
            action="store_true",
            help="Permite crear cuentas con la contraseña de demostración aunque DEBUG esté apagado.",
        )

    def handle(self, *args, users, requests, certificates, allow_demo_accounts, **options):
        if users < 0 or requests < 0 or certificates < 0:
            raise CommandError("--users, --requests y --certificates deben ser números positivos.")
        if not settings.DEBUG and not allow_demo_accounts:
            raise CommandError(
                "seed_demo crea cuentas con una contraseña conocida: use DEBUG=1 o --allow-demo-accounts "
                "(nunca en producción)."
            )
        call_command("setup_portal", update_catalogs=True, stdout=self.stdout, verbosity=options["verbosity"])
        groups = demo.ensure_roles()
        staff = demo.ensure_staff(groups)
        created = demo.ensure_applicants(users)
        self.stdout.write(f"  solicitantes: {created} nuevos ({users} en total pedidos)")
        made = ensure_requests(requests)
        self.stdout.write(f"  solicitudes: {made} nuevas ({requests} en total pedidas)")
        self.issue_certificates(min(users, certificates))
        self.stdout.write(
            self.style.SUCCESS(f"Datos de demostración listos. Cuentas (contraseña: {demo.DEMO_PASSWORD}):")
        )
        for account in staff:
            self.stdout.write(f"  {account.email:<28} {account.role or 'superusuario'}")
        if users:
            self.stdout.write(f"  {demo.applicant_email(1):<28} solicitante (hasta {demo.applicant_email(users)})")

    def issue_certificates(self, count: int) -> None:
        """Signed certificates for the first demo citizens, through the real signing path."""
        try:
            issued = ensure_issued_certificates(count)
        except SigningNotConfigured as error:
            self.stdout.write(self.style.WARNING(f"  certificaciones emitidas: ninguna ({error})"))
            return
        self.stdout.write(f"  certificaciones emitidas y firmadas: {issued} nuevas")
