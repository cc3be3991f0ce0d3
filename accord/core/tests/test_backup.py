"""`accord backup` and `accord restore`: a backup restored into a fresh database matches it
row for row, with an intact audit chain and the same uploaded files."""

import hashlib
import json
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accord.core.backup import (
    BackupError,
    backup,
    raw_connection,
    raw_table_counts,
    restore,
    sign,
    signing_key,
    table_counts,
)
from accord.core.tests.hostile_files import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def files_root(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"
    return settings.ACCORD_FILES_ROOT


@pytest.fixture
def portfolio(world, files_root):
    from accord.portfolio import actions

    actions.company_update(
        actor=world.leader, company=world.partner_co_a, data={"description": "Backed up"}
    )
    actions.document_upload(
        actor=world.manager_a,
        alliance=world.alliance_a,
        upload=SimpleUploadedFile("agreement.pdf", pdf_bytes()),
    )
    return world


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a new, empty database of the same kind as the test database."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = settings_dict.get("USER") or "postgres"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    yield f"postgres://{user}{password}@{host}:{port}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_a_fresh_database_matches(
    portfolio, files_root, tmp_path, fresh_database
):
    source_counts = table_counts("default")
    result = backup(tmp_path / "backups")
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["tables"] == source_counts
    assert manifest["tables"]["portfolio_alliance"] == 2
    assert manifest["audit"]["intact"] is True
    assert manifest["audit"]["records"] == source_counts["core_auditevent"] > 0
    assert len(manifest["files"]) == 1

    restored_files = tmp_path / "restored-files"
    report = restore(result.path, database_url=fresh_database, files_root=restored_files)
    assert report["problems"] == []
    assert report["rows"] == sum(source_counts.values())
    assert report["audit"]["intact"] is True
    assert report["audit"]["hash"] == manifest["audit"]["hash"]
    original = next(p for p in files_root.rglob("*") if p.is_file())
    copy = restored_files / original.relative_to(files_root)
    assert copy.read_bytes() == pdf_bytes()


def test_restore_refuses_a_database_that_is_not_empty(portfolio, tmp_path):
    result = backup(tmp_path / "backups")
    url = f"sqlite:///{connection.settings_dict['NAME']}" if connection.vendor == "sqlite" else None
    if url is None:
        settings_dict = connection.settings_dict
        url = (
            f"postgres://{settings_dict.get('USER') or 'postgres'}@"
            f"{settings_dict.get('HOST') or '127.0.0.1'}:{settings_dict.get('PORT') or 5432}/"
            f"{settings_dict['NAME']}"
        )
    with pytest.raises(BackupError, match="restore into"):
        restore(result.path, database_url=url, files_root=tmp_path / "empty")


def test_verification_catches_a_restore_that_does_not_match(portfolio, tmp_path, fresh_database):
    result = backup(tmp_path / "backups")
    manifest_path = result.path / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["portfolio_alliance"] = 3  # the backup claims a row the copy lacks
    manifest["signature"] = sign(manifest)  # signed by the key holder: only the restore can tell
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(BackupError) as error:
        restore(result.path, database_url=fresh_database, files_root=tmp_path / "restored")
    assert "portfolio_alliance: 2 rows, the backup had 3." in str(error.value)


def test_the_commands(portfolio, tmp_path, fresh_database, capsys):
    call_command("backup", str(tmp_path / "backups"))
    out = capsys.readouterr().out
    assert "Backed up" in out and "audit chain head" in out
    folder = next(Path(tmp_path / "backups").iterdir())
    call_command(
        "restore",
        str(folder),
        database_url=fresh_database,
        files_root=str(tmp_path / "restored"),
    )
    out = capsys.readouterr().out
    assert out.startswith("Restored and verified:")
    assert "audit chain intact" in out
    with pytest.raises(CommandError, match="not an Accord backup"):
        call_command("restore", str(tmp_path), database_url=fresh_database)


# --- Integrity: a backup that is not exactly what `accord backup` wrote is refused -----------


def alter_business_value(folder: Path, manifest: dict) -> None:
    """Change one company description inside the database dump, as an intruder would."""
    dump = folder / manifest["database"]
    if manifest["vendor"] == "sqlite":
        conn = sqlite3.connect(str(dump))
        with conn:
            changed = conn.execute(
                "UPDATE portfolio_company SET description = 'Altered' "
                "WHERE description = 'Backed up'"
            ).rowcount
        conn.close()
        assert changed == 1
        return
    settings_dict = connection.settings_dict
    scratch = f"{settings_dict['NAME']}_alter_{uuid.uuid4().hex[:8]}"
    args = [
        f"--host={settings_dict.get('HOST') or '127.0.0.1'}",
        f"--port={settings_dict.get('PORT') or 5432}",
        f"--username={settings_dict.get('USER') or 'postgres'}",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={scratch}", *args, str(dump)], check=True
        )
        subprocess.run(
            [
                "psql",
                *args,
                f"--dbname={scratch}",
                "--command=UPDATE portfolio_company SET description = 'Altered' "
                "WHERE description = 'Backed up'",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", *args, scratch],
            check=True,
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def assert_nothing_restored(database_url: str, files: Path) -> None:
    with raw_connection(database_url) as (conn, vendor):
        assert raw_table_counts(conn, vendor) == {}
    assert not files.exists() or not any(files.rglob("*"))


def test_a_business_value_altered_in_the_dump_is_refused_and_nothing_is_restored(
    portfolio, tmp_path, fresh_database
):
    result = backup(tmp_path / "backups")
    before = (result.path / result.manifest["database"]).read_bytes()
    alter_business_value(result.path, result.manifest)
    assert (result.path / result.manifest["database"]).read_bytes() != before
    restored = tmp_path / "restored"
    with pytest.raises(BackupError) as error:
        restore(result.path, database_url=fresh_database, files_root=restored)
    assert str(error.value) == (
        "Refused: the backup does not match its signed manifest. Nothing was restored.\n"
        f"the database dump {result.manifest['database']} does not match its SHA-256 in the "
        "manifest: it was altered after the backup."
    )
    assert_nothing_restored(fresh_database, restored)
    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command(
            "restore", str(result.path), database_url=fresh_database, files_root=str(restored)
        )
    assert_nothing_restored(fresh_database, restored)


def test_rehashing_an_altered_dump_in_the_manifest_breaks_its_signature(
    portfolio, tmp_path, fresh_database
):
    result = backup(tmp_path / "backups")
    alter_business_value(result.path, result.manifest)
    manifest_path = result.path / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["database_sha256"] = hashlib.sha256(
        (result.path / manifest["database"]).read_bytes()
    ).hexdigest()
    manifest_path.write_text(json.dumps(manifest))
    restored = tmp_path / "restored"
    with pytest.raises(BackupError, match="manifest signature does not verify"):
        restore(result.path, database_url=fresh_database, files_root=restored)
    assert_nothing_restored(fresh_database, restored)


@pytest.mark.parametrize("change", ["altered", "removed", "added"])
def test_a_file_altered_removed_or_added_is_refused_and_nothing_is_restored(
    portfolio, tmp_path, fresh_database, change
):
    result = backup(tmp_path / "backups")
    (name,) = result.manifest["files"]
    copy = result.path / "files" / name
    if change == "altered":
        copy.write_bytes(copy.read_bytes().replace(b"%PDF-", b"%PDF-\n% altered\n", 1))
        expected = f"file {name} does not match its SHA-256 in the manifest: it was altered."
    elif change == "removed":
        copy.unlink()
        expected = f"file {name} is missing from the backup."
    else:
        (result.path / "files" / "extra.txt").write_bytes(b"planted")
        expected = "file extra.txt is not in the manifest: it was added after the backup."
    restored = tmp_path / "restored"
    with pytest.raises(BackupError) as error:
        restore(result.path, database_url=fresh_database, files_root=restored)
    assert str(error.value).splitlines() == [
        "Refused: the backup does not match its signed manifest. Nothing was restored.",
        expected,
    ]
    assert_nothing_restored(fresh_database, restored)


def test_a_backup_signed_with_another_key_is_refused(portfolio, tmp_path, fresh_database, settings):
    settings.ACCORD_BACKUP_SIGNING_KEY = "the key of the site that made the backup"
    result = backup(tmp_path / "backups")
    settings.ACCORD_BACKUP_SIGNING_KEY = "another site's key"
    restored = tmp_path / "restored"
    with pytest.raises(BackupError) as error:
        restore(result.path, database_url=fresh_database, files_root=restored)
    assert str(error.value).startswith("Refused: the backup's manifest signature does not verify.")
    assert_nothing_restored(fresh_database, restored)

    settings.ACCORD_BACKUP_SIGNING_KEY = "the key of the site that made the backup"
    report = restore(result.path, database_url=fresh_database, files_root=restored)
    assert report["problems"] == []
    assert report["rows"] == sum(result.manifest["tables"].values())


def test_without_a_signing_key_the_key_comes_from_the_secret_key(settings):
    settings.ACCORD_BACKUP_SIGNING_KEY = ""
    manifest = {"format": 2, "files": {}}
    first = sign(manifest)
    assert first == sign({**manifest, "signature": "ignored"})
    settings.SECRET_KEY = settings.SECRET_KEY + "-rotated"
    assert sign(manifest) != first
    assert signing_key() != settings.SECRET_KEY.encode()


def test_the_untouched_backup_is_signed_and_restores(portfolio, tmp_path, fresh_database):
    result = backup(tmp_path / "backups")
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["format"] == 2
    assert manifest["signature"] == sign(manifest)
    assert (
        manifest["database_sha256"]
        == hashlib.sha256((result.path / manifest["database"]).read_bytes()).hexdigest()
    )
    report = restore(result.path, database_url=fresh_database, files_root=tmp_path / "restored")
    assert report["problems"] == []
    with raw_connection(fresh_database) as (conn, _):
        cursor = conn.cursor()
        cursor.execute("SELECT description FROM portfolio_company WHERE description = 'Backed up'")
        assert cursor.fetchall() == [("Backed up",)]
