"""`accord backup` and `accord restore`: a backup restored into a fresh database matches it
row for row, with an intact audit chain and the same uploaded files."""

import json
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accord.core.backup import BackupError, backup, restore, table_counts
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
