"""Backups of the whole portal and their restore (``manage.py backup_portal`` / ``restore_portal``).

A backup is a folder:

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``: one consistent snapshot) or
  ``database.sqlite3`` (SQLite's online backup API: the same);
- ``files/private/…`` and ``files/public/…``: every file of the private storage (identity
  evidence, supporting documents, certificate PDFs) and of the public one (CMS images and
  documents), copied through the storage API, so it works the same on local disk and on S3;
- ``manifest.json``: what was copied, with the SHA-256 of every file, and the issued
  certificates checked against their recorded fingerprint.

The database is dumped first and the files copied afterwards: files are only ever added
under new names, so every file the dump refers to is in the copy (a file uploaded meanwhile
is simply extra). ``restore_portal`` loads the dump into an empty database, puts the files
back under their exact names and checks every issued certificate's PDF against its SHA-256.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, connections, models
from django.utils import timezone

from core.storage import PRIVATE_STORAGE_ALIAS, private_storage

from .models import Certificate

FORMAT = 1
MANIFEST = "manifest.json"
FILE_AREAS = {PRIVATE_STORAGE_ALIAS: "private", "default": "public"}  # storage alias → folder in the backup
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something an operator must look at; the message says what, in Spanish."""


@dataclass
class Report:
    files: dict = field(default_factory=dict)  # area → number of files
    missing: list = field(default_factory=list)  # files the database names that are not there
    certificates_checked: int = 0
    certificates_mismatched: list = field(default_factory=list)


# Files ------------------------------------------------------------------------------------


def sha256_of(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def walk(storage, folder=""):
    """Every file name in a storage (recursively, through the public Storage API)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


def storage_alias_of(file_field) -> str:
    return PRIVATE_STORAGE_ALIAS if file_field.storage is private_storage() else "default"


def referenced_files():
    """(storage alias, name) of every file the database refers to, for every FileField."""
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField) and not model_field.many_to_many:
                alias = storage_alias_of(model_field)
                names = model._default_manager.exclude(**{model_field.name: ""}).values_list(
                    model_field.name, flat=True
                )
                for name in names.iterator():
                    if name:
                        yield alias, name


def copy_files_out(target: Path) -> dict:
    """Copy every file of both storages into ``target/files/<area>/``; returns name → SHA-256 per area."""
    hashes = {}
    for alias, area in FILE_AREAS.items():
        storage = storages[alias]
        hashes[area] = {}
        for name in walk(storage):
            destination = target / "files" / area / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with storage.open(name, "rb") as source, destination.open("wb") as out:
                for chunk in iter(lambda source=source: source.read(CHUNK), b""):
                    digest.update(chunk)
                    out.write(chunk)
            hashes[area][name] = digest.hexdigest()
    return hashes


def copy_files_in(source: Path, hashes: dict, *, replace: bool) -> dict:
    """Put every file of the backup back under its exact name; returns files restored per area."""
    restored = {}
    for alias, area in FILE_AREAS.items():
        storage = storages[alias]
        restored[area] = 0
        for name, expected in hashes.get(area, {}).items():
            path = source / "files" / area / name
            with path.open("rb") as handle:
                if sha256_of(handle) != expected:
                    raise BackupError(f"El archivo {area}/{name} de la copia está dañado (SHA-256 distinto).")
            if storage.exists(name):
                with storage.open(name, "rb") as current:
                    if sha256_of(current) == expected:
                        continue
                if not replace:
                    raise BackupError(f"Ya existe {area}/{name} con otro contenido; use --replace para sobrescribirlo.")
                storage.delete(name)
            with path.open("rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"El almacenamiento guardó {area}/{name} como {saved}.")
            restored[area] += 1
    return restored


def check(report: Report) -> Report:
    """Every file the database names exists, and every issued certificate matches its SHA-256."""
    report.missing = [
        f"{FILE_AREAS[alias]}/{name}" for alias, name in referenced_files() if not storages[alias].exists(name)
    ]
    for certificate in Certificate.objects.filter(issued_at__isnull=False).order_by("pk").iterator():
        report.certificates_checked += 1
        try:
            with certificate.pdf.open("rb") as handle:
                digest = sha256_of(handle)
        except (FileNotFoundError, ValueError):
            digest = None
        if digest != certificate.sha256:
            report.certificates_mismatched.append(certificate.request_id)
    return report


# Database ---------------------------------------------------------------------------------


def _postgres_command(program, settings_dict):
    """Connection arguments and environment (password, SSL) for a PostgreSQL client program,
    taken from the settings as ``manage.py dbshell`` does."""
    from django.db.backends.postgresql.client import DatabaseClient

    options = settings_dict.get("OPTIONS", {})
    _args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    args = [shutil.which(program) or program]
    if settings_dict.get("USER") or options.get("user"):
        args += ["--username", settings_dict.get("USER") or options.get("user")]
    if settings_dict.get("HOST") or options.get("host"):
        args += ["--host", settings_dict.get("HOST") or options.get("host")]
    if settings_dict.get("PORT") or options.get("port"):
        args += ["--port", str(settings_dict.get("PORT") or options.get("port"))]
    return args, {**os.environ, **(env or {})}


def _run(args, env):
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} falló: {result.stderr.strip()}")


def dump_database(target: Path) -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        path = target / "database.dump"
        args, env = _postgres_command("pg_dump", settings_dict)
        _run(
            [*args, "--format=custom", "--no-owner", "--no-privileges", "--file", str(path), settings_dict["NAME"]], env
        )
        return path.name
    if connection.vendor == "sqlite":
        path = target / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)  # consistent even while the site writes
        finally:
            destination.close()
        return path.name
    raise BackupError(f"No se sabe respaldar una base de datos {connection.vendor}.")


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def load_database(source: Path, name: str, *, replace: bool) -> None:
    if not replace and not database_is_empty():
        raise BackupError("La base de datos de destino no está vacía; use una nueva o --replace.")
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        if not name.endswith(".dump"):
            raise BackupError("Esta copia no es de PostgreSQL.")
        connections.close_all()
        args, env = _postgres_command("pg_restore", settings_dict)
        clean = ["--clean", "--if-exists"] if replace else []
        _run(
            [
                *args,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *clean,
                "--dbname",
                settings_dict["NAME"],
                str(source / name),
            ],
            env,
        )
        return
    if connection.vendor == "sqlite":
        if not name.endswith(".sqlite3"):
            raise BackupError("Esta copia no es de SQLite.")
        connection.ensure_connection()
        backup = sqlite3.connect(source / name)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
        connections.close_all()
        return
    raise BackupError(f"No se sabe restaurar una base de datos {connection.vendor}.")


# Commands ---------------------------------------------------------------------------------


def backup(target: Path) -> Report:
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"La carpeta {target} no está vacía; cada copia va en una carpeta nueva.")
    target.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    database_file = dump_database(target)
    hashes = copy_files_out(target)
    report = check(Report(files={area: len(names) for area, names in hashes.items()}))
    manifest = {
        "format": FORMAT,
        "started_at": started.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "file": database_file},
        "files": hashes,
        "missing": report.missing,
        "certificates": {"checked": report.certificates_checked, "mismatched": report.certificates_mismatched},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return report


def restore(source: Path, *, replace: bool = False) -> Report:
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(f"{source} no es una copia del portal (falta {MANIFEST}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Formato de copia desconocido: {manifest.get('format')}.")
    load_database(source, manifest["database"]["file"], replace=replace)
    restored = copy_files_in(source, manifest["files"], replace=replace)
    return check(Report(files=restored))
