"""How long a 2-page certificate takes to render, and to render and sign three times.

``measure()`` uses the signers configured in settings; when their files are
missing (or an ``algorithm`` is asked for) it makes development signers in a
temporary folder. ``python -m requests_app.certificates.bench [--rsa]`` prints
the figures as JSON.
"""

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .dev_signers import ECDSA, ROLES, RSA, cert_path, key_path, make_dev_signers
from .pdf import page_count, render_certificate_pdf
from .sample import sample_certificate_data
from .signing import SignerConfig, load_signer, sign_pdf, signer_config

BENCH_LINE_COUNT = 14  # the table runs onto page 2, where the legal text and the signers are
REASON = "Certificación de servicios"
LOCATION = "Guatemala, Guatemala"


def _configured_signers() -> list[SignerConfig]:
    configs = [signer_config(role) for role in ROLES]
    for config in configs:
        load_signer(config)  # raises ImproperlyConfigured when a file is missing
    return configs


def _dev_signers(directory: Path, algorithm: str) -> list[SignerConfig]:
    make_dev_signers(directory, algorithm=algorithm)
    chain = (cert_path(directory, "ca"),)
    return [SignerConfig(key_path(directory, role), cert_path(directory, role), chain_paths=chain) for role in ROLES]


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def measure(runs: int = 7, *, algorithm: str | None = None, line_count: int = BENCH_LINE_COUNT) -> dict:
    """Median wall-clock milliseconds: ``pdf_render_ms`` (render only) and ``pdf_median_ms`` (render + 3 signatures).

    Signers are read once before timing, as a running worker keeps them.
    """
    data = sample_certificate_data(line_count)
    with tempfile.TemporaryDirectory(prefix="certificate-bench-") as scratch:
        source = "configurados"
        configs = None
        if algorithm is None:
            try:
                configs = _configured_signers()
            except ImproperlyConfigured:
                algorithm = ECDSA
        if configs is None:
            configs = _dev_signers(Path(scratch), algorithm)
            source = f"desarrollo ({'RSA-2048' if algorithm == RSA else 'ECDSA P-256'})"
        for config in configs:
            load_signer(config)  # read once, as a running worker would have them

        render_certificate_pdf(data)  # warm up templates and fonts
        render_times, total_times, render_cpu, total_cpu, pdf = [], [], [], [], b""
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            pdf = render_certificate_pdf(data)
            rendered, rendered_cpu = time.perf_counter(), time.process_time()
            for number, (role, config) in enumerate(zip(ROLES, configs, strict=True), start=1):
                pdf = sign_pdf(pdf, config, field_name=f"Firma{number}_{role}", reason=REASON, location=LOCATION)
            finished, finished_cpu = time.perf_counter(), time.process_time()
            render_times.append(rendered - started)
            total_times.append(finished - started)
            render_cpu.append(rendered_cpu - started_cpu)
            total_cpu.append(finished_cpu - started_cpu)
    return {
        "pdf_render_ms": _median_ms(render_times),
        "pdf_median_ms": _median_ms(total_times),
        # The same on the CPU clock: closer to the truth when other processes share the machine.
        "pdf_render_cpu_ms": _median_ms(render_cpu),
        "pdf_median_cpu_ms": _median_ms(total_cpu),
        "pages": page_count(pdf),
        "runs": runs,
        "signers": source,
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
