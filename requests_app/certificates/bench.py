"""How long issuing a 2-page certificate takes, and how large the file is.

``measure()`` times the whole issuing job as the worker runs it: render (with the
three empty signature fields), then three signatures, each with its stamp, an RFC
3161 timestamp and the validation data in the DSS, and the final document
timestamp (PAdES B-LTA). It uses the signers configured in settings; when their
files are missing (or an ``algorithm`` is asked for) it makes development ones in a
temporary folder. ``python -m requests_app.certificates.bench [--rsa]`` prints the
figures as JSON.
"""

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .dev_signers import ECDSA, ROLES, RSA, make_dev_signers
from .pdf import page_count, render_certificate_pdf, render_unsigned_pdf
from .sample import sample_certificate_data
from .signing import (
    Signatory,
    directory_pki,
    load_signer,
    load_timestamper,
    sign_in_order,
    signer_config,
    timestamp_authority,
    trust_config,
)

BENCH_LINE_COUNT = 14  # the table runs onto page 2, where the legal text and the signers are
REASON = "Certificación de servicios"
NAMES = (
    ("Ana Lucía Morales Cifuentes", "Analista de Certificaciones"),
    ("Carlos Enrique Tzul Batz", "Jefe del Departamento de Registro y Verificación"),
    ("Silvia Patricia Orellana Mejía", "Directora"),
)
SIGNED_AT = "20/05/2026 10:15:03 (hora de Guatemala)"


def _configured():
    configs = [signer_config(role) for role in ROLES]
    for config in configs:
        load_signer(config)  # raises ImproperlyConfigured when a file is missing
    return configs, timestamp_authority(), trust_config()


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def measure(runs: int = 7, *, algorithm: str | None = None, line_count: int = BENCH_LINE_COUNT) -> dict:
    """Median milliseconds of ``pdf_render_ms`` (render only) and ``pdf_median_ms`` (the whole issuing job).

    Keys and the timestamper are read once before timing, as a running worker keeps them.
    """
    data = sample_certificate_data(line_count)
    with tempfile.TemporaryDirectory(prefix="certificate-bench-") as scratch:
        source, pki = "configurados", None
        if algorithm is None:
            try:
                pki = _configured()
            except ImproperlyConfigured:
                algorithm = ECDSA
        if pki is None:
            make_dev_signers(Path(scratch), algorithm=algorithm)
            pki = directory_pki(Path(scratch), ROLES)
            source = f"desarrollo ({'RSA-2048' if algorithm == RSA else 'ECDSA P-256'})"
        configs, authority, trust = pki
        signatories = [Signatory(config, name, title) for config, (name, title) in zip(configs, NAMES, strict=True)]
        timestamper = load_timestamper(authority)
        for config in configs:
            load_signer(config)

        def issue(archive=True) -> bytes:
            pdf = render_certificate_pdf(data)
            versions = sign_in_order(
                pdf,
                signatories,
                timestamper=timestamper,
                trust=trust,
                signed_at=SIGNED_AT,
                reason=REASON,
                archive=archive,
            )
            return versions[-1]

        without_archive = issue(archive=False)  # also warms up templates, fonts and keys
        render_times, total_times, render_cpu, total_cpu, pdf = [], [], [], [], b""
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            render_certificate_pdf(data)
            rendered, rendered_cpu = time.perf_counter(), time.process_time()
            pdf = issue()
            finished, finished_cpu = time.perf_counter(), time.process_time()
            render_times.append(rendered - started)
            total_times.append(finished - rendered)
            render_cpu.append(rendered_cpu - started_cpu)
            total_cpu.append(finished_cpu - rendered_cpu)
    return {
        "pdf_render_ms": _median_ms(render_times),
        "pdf_median_ms": _median_ms(total_times),
        # The same on the CPU clock: closer to the truth when other processes share the machine.
        "pdf_render_cpu_ms": _median_ms(render_cpu),
        "pdf_median_cpu_ms": _median_ms(total_cpu),
        "pages": page_count(pdf),
        "runs": runs,
        "signers": source,
        "unsigned_pdf_bytes": len(render_unsigned_pdf(data)),
        "signed_b_lt_pdf_bytes": len(without_archive),
        "signed_pdf_bytes": len(pdf),
    }


def main(argv: list[str]) -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    algorithm = RSA if "--rsa" in argv else (ECDSA if "--ecdsa" in argv else None)
    print(json.dumps(measure(algorithm=algorithm), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
