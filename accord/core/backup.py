"""Backup and restore: the database (SQLite online backup API, or pg_dump / pg_restore on
PostgreSQL) and the uploaded files (from whichever storage holds them: the local folder or the
S3 bucket), with a signed manifest that proves the copy is whole and untouched.

The manifest records, at the moment of the copy, the row count of every table, the audit
chain's head, the SHA-256 of the database dump and of every stored file, and is signed with
HMAC-SHA256 (`signing_key()`). `restore()` checks the signature and every hash before it touches
the target database, and refuses any mismatch; `verify_restored()` then checks the restored
database and files against the manifest and re-verifies the whole audit hash chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import sqlite3
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.files import File
from django.db import connections, transaction

from .storage import LocalFilesStorage, file_storage, walk

MANIFEST = "manifest.json"
FORMAT_VERSION = 2  # 2: the manifest is signed and hashes the database dump


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_manifest(root: Path) -> dict[str, str]:
    """The SHA-256 of every file under a folder of the backup, by name relative to it."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def storage_manifest(storage) -> dict[str, str]:
    """The SHA-256 of every file in a storage (folder or bucket), by name."""
    manifest = {}
    for name in walk(storage):
        digest = hashlib.sha256()
        with storage.open(name, "rb") as handle:
            for chunk in iter(lambda handle=handle: handle.read(1 << 20), b""):
                digest.update(chunk)
        manifest[name] = digest.hexdigest()
    return manifest


def signing_key() -> bytes:
    """ACCORD_BACKUP_SIGNING_KEY, or a key derived from SECRET_KEY when it is unset (so a backup
    made before a secret-key rotation needs the old key to be restored)."""
    if settings.ACCORD_BACKUP_SIGNING_KEY:
        return settings.ACCORD_BACKUP_SIGNING_KEY.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"accord.core.backup signing key", hashlib.sha256
    ).digest()


def sign(manifest: dict, key: bytes | None = None) -> str:
    """The HMAC-SHA256 of the manifest's canonical JSON, the signature itself left out."""
    body = {k: v for k, v in manifest.items() if k != "signature"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key or signing_key(), canonical, hashlib.sha256).hexdigest()


def _target_storage(files_root: Path | None, storage):
    if storage is not None:
        return storage
    if files_root is not None:
        return LocalFilesStorage(location=str(files_root))
    return file_storage()


def table_counts(using: str) -> dict[str, int]:
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def audit_head(using: str) -> dict:
    from .audit_chain import verify

    return _report(verify(using))


def _report(result) -> dict:
    return {
        "records": result.count,
        "sequence": result.head_sequence,
        "hash": result.head_hash,
        "intact": result.ok,
        "problems": result.problems[:10],
    }


# A restored database is read with the plain database driver, not through Django: it is not
# (and need not be) one of the project's configured databases.


@contextmanager
def raw_connection(url: str):
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        conn = sqlite3.connect(str(config["NAME"]))
        vendor = "sqlite"
    else:
        import psycopg

        conn = psycopg.connect(
            dbname=config["NAME"],
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
        )
        vendor = "postgresql"
    try:
        yield conn, vendor
    finally:
        conn.close()


def raw_table_counts(conn, vendor: str) -> dict[str, int]:
    cursor = conn.cursor()
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    tables = sorted(row[0] for row in cursor.fetchall())
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def raw_audit_head(conn, vendor: str) -> dict:
    from .audit_chain import verify_connection

    return _report(verify_connection(conn, vendor))


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


@dataclass
class BackupResult:
    path: Path
    manifest: dict = field(default_factory=dict)


def backup(target_dir: Path, using: str = "default", storage=None) -> BackupResult:
    """Write a backup of the database and of the uploaded files (the configured storage unless
    `storage` is given) into a new folder under `target_dir`, and return its path."""
    connection = connections[using]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(target_dir) / f"accord-backup-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "vendor": connection.vendor,
    }
    if connection.vendor == "sqlite":
        manifest["database"] = "db.sqlite3"
        _backup_sqlite(connection, folder / "db.sqlite3")
        # Count in the copy itself: it is exactly what was backed up.
        with raw_connection(f"sqlite:///{folder / 'db.sqlite3'}") as (conn, vendor):
            manifest["tables"] = raw_table_counts(conn, vendor)
            manifest["audit"] = raw_audit_head(conn, vendor)
    elif connection.vendor == "postgresql":
        manifest["database"] = "db.dump"
        manifest["tables"], manifest["audit"] = _backup_postgres(
            connection, using, folder / "db.dump"
        )
    else:  # pragma: no cover - Accord supports SQLite and PostgreSQL
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    manifest["database_sha256"] = _sha256(folder / manifest["database"])
    manifest["files"] = _copy_files(storage or file_storage(), folder / "files")
    manifest["signature"] = sign(manifest)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return BackupResult(folder, manifest)


def _copy_files(storage, destination: Path) -> dict[str, str]:
    """Copy every stored file into the backup, hashing it on the way. Stored files are never
    rewritten (each has a fresh name), so the same names before and after the copy mean the
    copy is whole."""
    destination.mkdir()
    names = walk(storage)
    hashes = {}
    for name in names:
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            with storage.open(name, "rb") as source, target.open("wb") as copy:
                for chunk in iter(lambda source=source: source.read(1 << 20), b""):
                    digest.update(chunk)
                    copy.write(chunk)
        except FileNotFoundError as error:
            raise BackupError(
                "Files changed while they were copied: run the backup again."
            ) from error
        hashes[name] = digest.hexdigest()
    if walk(storage) != names:
        raise BackupError("Files changed while they were copied: run the backup again.")
    return hashes


def _backup_sqlite(connection, destination: Path) -> None:
    source_path = connection.settings_dict["NAME"]
    # A connection of its own: it copies what is committed, page by page, while the
    # application goes on writing (SQLite's online backup API).
    source = sqlite3.connect(str(source_path))
    target = sqlite3.connect(str(destination))
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def _backup_postgres(connection, using: str, destination: Path):
    db = connection.settings_dict
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            # One snapshot for the counts and for pg_dump, so they describe the same moment.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = table_counts(using)
        head = audit_head(using)
        command = [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={destination}",
            *_pg_args(db),
            str(db["NAME"]),
        ]
        result = subprocess.run(command, capture_output=True, text=True, env=_pg_env(db))  # noqa: S603
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts, head


def load_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} is not an Accord backup: {MANIFEST} is missing.")
    try:
        manifest = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{MANIFEST} is not valid JSON: the backup is damaged.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(
            f"Unknown backup format {found!r} (this release restores format {FORMAT_VERSION})."
        )
    return manifest


def verify_backup(folder: Path, manifest: dict) -> None:
    """Refuse a backup that is not exactly what `backup()` wrote: the manifest's signature,
    then the database dump's hash and every file's. Reads the backup folder only."""
    folder = Path(folder)
    signature = manifest.get("signature")
    if not isinstance(signature, str) or not hmac.compare_digest(signature, sign(manifest)):
        raise BackupError(
            "Refused: the backup's manifest signature does not verify. The backup was altered, "
            "or it was signed with another key (ACCORD_BACKUP_SIGNING_KEY, or SECRET_KEY when "
            "that is unset). Nothing was restored."
        )
    problems = []
    dump = folder / str(manifest.get("database", ""))
    if not manifest.get("database") or not dump.is_file():
        problems.append(f"the database dump {manifest.get('database')} is missing.")
    elif _sha256(dump) != manifest.get("database_sha256"):
        problems.append(
            f"the database dump {manifest['database']} does not match its SHA-256 in the "
            "manifest: it was altered after the backup."
        )
    found = files_manifest(folder / "files")
    expected = manifest.get("files", {})
    for name in sorted(set(expected) | set(found)):
        if name not in found:
            problems.append(f"file {name} is missing from the backup.")
        elif name not in expected:
            problems.append(f"file {name} is not in the manifest: it was added after the backup.")
        elif found[name] != expected[name]:
            problems.append(
                f"file {name} does not match its SHA-256 in the manifest: it was altered."
            )
    if problems:
        raise BackupError(
            "Refused: the backup does not match its signed manifest. Nothing was restored.\n"
            + "\n".join(problems)
        )


def restore(
    folder: Path,
    *,
    database_url: str,
    files_root: Path | None = None,
    storage=None,
    force: bool = False,
) -> dict:
    """Restore a backup into the (empty) database and file storage given (a local folder with
    `files_root`, a storage object, or else the configured storage); returns the verification
    report. Raises BackupError, before touching the database, if the backup does not verify
    against its signed manifest, and after, if the restored copy does not match it."""
    folder = Path(folder)
    manifest = load_manifest(folder)
    verify_backup(folder, manifest)
    target = dj_database_url.parse(database_url)
    engine = target["ENGINE"]
    storage = _target_storage(files_root, storage)
    existing_files = walk(storage)
    if existing_files and not force:
        raise BackupError(
            f"The file storage already holds {len(existing_files)} files: restore into an "
            "empty folder or bucket (or --force)."
        )
    if engine.endswith("sqlite3"):
        if manifest["vendor"] != "sqlite":
            raise BackupError("This backup is of a PostgreSQL database: restore it into one.")
        _restore_sqlite(folder / manifest["database"], Path(target["NAME"]), force=force)
    elif engine.endswith("postgresql"):
        if manifest["vendor"] != "postgresql":
            raise BackupError("This backup is of a SQLite database: restore it into one.")
        _restore_postgres(folder / manifest["database"], database_url, target, force=force)
    else:
        raise BackupError(f"Cannot restore into {engine}.")
    for name in existing_files:  # only with --force
        storage.delete(name)
    for name in sorted(manifest["files"]):
        with (folder / "files" / name).open("rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"The storage kept {name} as {saved}: restore into an empty one.")
    return verify_restored(manifest, database_url=database_url, storage=storage)


def _restore_sqlite(source: Path, destination: Path, *, force: bool) -> None:
    if destination.exists() and destination.stat().st_size > 0 and not force:
        raise BackupError(f"{destination} exists: restore into a new database file (or --force).")
    destination.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{destination}{suffix}").unlink(missing_ok=True)
    backup_db = sqlite3.connect(str(source))
    target = sqlite3.connect(str(destination))
    try:
        with target:
            backup_db.backup(target)
    finally:
        target.close()
        backup_db.close()


def _restore_postgres(dump: Path, database_url: str, target: dict, *, force: bool) -> None:
    with raw_connection(database_url) as (conn, vendor):
        existing = raw_table_counts(conn, vendor)
    if existing and not force:
        raise BackupError(
            f"Database {target['NAME']} already has {len(existing)} tables: restore into an "
            "empty database (or --force)."
        )
    command = [
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        *(["--clean", "--if-exists"] if existing else []),
        f"--dbname={target['NAME']}",
        *_pg_args(target),
        str(dump),
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=_pg_env(target))  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def verify_restored(
    manifest: dict, *, database_url: str, files_root: Path | None = None, storage=None
) -> dict:
    with raw_connection(database_url) as (conn, vendor):
        counts = raw_table_counts(conn, vendor)
        head = raw_audit_head(conn, vendor)
    problems = []
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"{table}: {counts.get(table)} rows, the backup had {expected}.")
    for table in sorted(set(counts) - set(manifest["tables"])):
        problems.append(f"{table}: not in the backup.")
    if not head["intact"]:
        problems += [f"audit chain: {p}" for p in head["problems"]]
    expected_head = manifest["audit"]
    if (head["sequence"], head["hash"]) != (expected_head["sequence"], expected_head["hash"]):
        problems.append(
            f"audit chain ends at #{head['sequence']}, the backup's at #{expected_head['sequence']}."
        )
    if storage_manifest(_target_storage(files_root, storage)) != manifest["files"]:
        problems.append("uploaded files differ from the backup's.")
    report = {
        "tables": len(counts),
        "rows": sum(counts.values()),
        "audit": head,
        "problems": problems,
    }
    if problems:
        raise BackupError("The restored copy does not match the backup:\n" + "\n".join(problems))
    return report
