"""Backup and restore: the database (SQLite online backup API, or pg_dump / pg_restore on
PostgreSQL) and the uploaded files, with a manifest that proves the copy is whole.

The manifest records, at the moment of the copy, the row count of every table, the audit
chain's head, and the SHA-256 of every stored file. `verify_restored()` checks a restored
database and files folder against it and re-verifies the whole audit hash chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connections, transaction

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_manifest(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


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


@dataclass
class _Row:
    sequence: int
    change_id: object
    at: dt.datetime
    actor_id: object
    actor_label: str
    action: str
    content_type_id: int
    object_id: str
    object_repr: str
    field: str
    old_value: str
    new_value: str
    reason: str
    alliance_id: object
    program_id: object
    prev_hash: str
    hash: str


COLUMNS = (
    "sequence, change_id, at, actor_id, actor_label, action, content_type_id, object_id, "
    "object_repr, field, old_value, new_value, reason, alliance_id, program_id, prev_hash, hash"
)


def _as_row(values) -> _Row:
    import uuid

    row = _Row(*values)
    row.change_id = uuid.UUID(str(row.change_id))
    if isinstance(row.at, str):  # SQLite keeps UTC datetimes as text
        row.at = dt.datetime.fromisoformat(row.at)
    if row.at.tzinfo is None:
        row.at = row.at.replace(tzinfo=dt.UTC)
    return row


def raw_audit_head(conn) -> dict:
    from .audit_chain import verify_rows

    cursor = conn.cursor()
    cursor.execute("SELECT id, app_label, model FROM django_content_type")
    labels = {pk: f"{app}.{model}" for pk, app, model in cursor.fetchall()}
    cursor.execute("SELECT sequence, hash FROM core_auditchainhead WHERE id = 1")
    head = cursor.fetchone()
    rows = conn.cursor()
    rows.execute(f"SELECT {COLUMNS} FROM core_auditevent ORDER BY sequence")  # noqa: S608 - constant
    return _report(
        verify_rows((_as_row(values) for values in rows), labels, tuple(head) if head else None)
    )


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


def backup(target_dir: Path, using: str = "default") -> BackupResult:
    """Write a backup into a new folder under `target_dir` and return its path."""
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
            manifest["audit"] = raw_audit_head(conn)
    elif connection.vendor == "postgresql":
        manifest["database"] = "db.dump"
        manifest["tables"], manifest["audit"] = _backup_postgres(
            connection, using, folder / "db.dump"
        )
    else:  # pragma: no cover - Accord supports SQLite and PostgreSQL
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    files_root = Path(settings.ACCORD_FILES_ROOT)
    if files_root.exists():
        shutil.copytree(files_root, folder / "files")
    else:
        (folder / "files").mkdir()
    manifest["files"] = files_manifest(folder / "files")
    if files_manifest(files_root) != manifest["files"]:
        raise BackupError("Files changed while they were copied: run the backup again.")
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return BackupResult(folder, manifest)


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
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def restore(folder: Path, *, database_url: str, files_root: Path, force: bool = False) -> dict:
    """Restore a backup into the (empty) database and files folder given; returns the
    verification report (raises BackupError if anything does not match)."""
    folder = Path(folder)
    manifest = load_manifest(folder)
    target = dj_database_url.parse(database_url)
    engine = target["ENGINE"]
    files_root = Path(files_root)
    if files_root.exists() and any(files_root.iterdir()) and not force:
        raise BackupError(f"{files_root} is not empty: restore into an empty folder (or --force).")
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
    if files_root.exists() and force:
        shutil.rmtree(files_root)
    shutil.copytree(folder / "files", files_root, dirs_exist_ok=True)
    return verify_restored(manifest, database_url=database_url, files_root=files_root)


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


def verify_restored(manifest: dict, *, database_url: str, files_root: Path) -> dict:
    with raw_connection(database_url) as (conn, vendor):
        counts = raw_table_counts(conn, vendor)
        head = raw_audit_head(conn)
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
    if files_manifest(Path(files_root)) != manifest["files"]:
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
