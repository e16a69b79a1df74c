from django.conf import settings
from django.core.management.base import BaseCommand

from requests_app.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Aplica la política de retención: avisa y luego elimina las solicitudes en creación sin cambios "
        "(con sus archivos) y elimina la evidencia de identidad resuelta hace tiempo (se conserva la decisión). "
        "Pensado para ejecutarse una vez al día (cron o temporizador de systemd)."
    )

    def handle(self, *args, **options):
        report = apply_retention()
        self.stdout.write(
            f"Borradores avisados: {len(report.drafts_warned)} "
            f"(se eliminan tras {settings.RETENTION_DRAFT_DAYS} días sin cambios)"
        )
        self.stdout.write(
            f"Borradores eliminados: {len(report.drafts_deleted)} ({report.files_deleted} archivos)"
            + (f": {', '.join(map(str, report.drafts_deleted))}" if report.drafts_deleted else "")
        )
        self.stdout.write(
            f"Evidencias de identidad eliminadas: {len(report.identity_evidence_deleted)} "
            f"(resueltas hace más de {settings.RETENTION_IDENTITY_EVIDENCE_DAYS} días)"
        )
