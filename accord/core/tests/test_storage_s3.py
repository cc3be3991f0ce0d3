"""Uploaded files in S3-compatible object storage, against a real S3 API server (moto's, started
by these tests): uploads through the page and the API land in the bucket (nothing on the local
disk), downloads stream through the access check, a delete with a reason removes the object, a
refused, rolled-back or failed write leaves no orphan, and a backup restores into another bucket.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accord.conftest import api_client, login
from accord.core.models import AuditEvent, StoredFile
from accord.core.tests.hostile_files import HOSTILE, pdf_bytes
from accord.core.tests.test_backup import fresh_database  # noqa: F401 - a fixture
from accord.core.tests.test_deployment import free_port
from accord.portfolio.models import AllianceDocument

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

PREFIX = "uploads"


@pytest.fixture(scope="session")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port())
    server.start()
    yield f"http://127.0.0.1:{server._port}"
    server.stop()


def s3_storage_settings(endpoint: str, bucket: str) -> dict:
    """What accord/config/settings.py builds from the ACCORD_S3_* variables."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": "us-east-1",
            "access_key": "test",
            "secret_key": "test",
            "location": PREFIX,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }


class Bucket:
    def __init__(self, endpoint: str, name: str | None = None, create: bool = True):
        self.endpoint = endpoint
        self.name = name or f"accord-{uuid.uuid4().hex[:12]}"
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        if create:
            self.client.create_bucket(Bucket=self.name)

    def objects(self) -> dict[str, bytes]:
        listed = self.client.list_objects_v2(Bucket=self.name).get("Contents", [])
        return {
            item["Key"]: self.client.get_object(Bucket=self.name, Key=item["Key"])["Body"].read()
            for item in listed
        }

    def use(self, settings) -> None:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_storage_settings(self.endpoint, self.name),
        }


@pytest.fixture
def local_folder(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "local-files"
    return settings.ACCORD_FILES_ROOT


@pytest.fixture
def bucket(settings, s3_endpoint, local_folder):
    bucket = Bucket(s3_endpoint)
    bucket.use(settings)
    return bucket


def documents_url(world) -> str:
    return f"/alliances/{world.alliance_a.pk}/documents/"


def nothing_local(local_folder: Path) -> bool:
    return not local_folder.exists() or not any(local_folder.rglob("*"))


def test_the_settings_build_an_s3_storage_from_the_environment():
    env = dict(
        os.environ,
        ACCORD_TESTING="1",
        ACCORD_S3_BUCKET="accord-files",
        ACCORD_S3_ENDPOINT_URL="https://s3.internal:9000",
        ACCORD_S3_REGION="eu-west-3",
        ACCORD_S3_ACCESS_KEY_ID="AKIAEXAMPLE",
        ACCORD_S3_SECRET_ACCESS_KEY="secret",
        ACCORD_S3_PREFIX="/accord/uploads/",
    )
    code = (
        "import json; from accord.config import settings as s; "
        "print(json.dumps(s.STORAGES['default']))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=str(django_settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "accord-files",
            "endpoint_url": "https://s3.internal:9000",
            "region_name": "eu-west-3",
            "access_key": "AKIAEXAMPLE",
            "secret_key": "secret",
            "location": "accord/uploads",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }


def test_a_page_upload_goes_to_the_bucket_and_is_served_only_through_the_access_check(
    world, bucket, local_folder
):
    response = login(world.manager_a).post(
        documents_url(world),
        {"file": SimpleUploadedFile("Licence Agreement.pdf", pdf_bytes()), "title": "Licence"},
    )
    assert response.status_code == 302
    document = AllianceDocument.objects.get()
    key = f"{PREFIX}/{document.file.path}"
    assert bucket.objects() == {key: pdf_bytes()}
    assert nothing_local(local_folder)
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
    assert [(g["Grantee"]["Type"], g["Permission"]) for g in grants] == [
        ("CanonicalUser", "FULL_CONTROL")
    ], "private: only the bucket owner (Accord's credentials) reads it"

    file_url = f"/files/{document.file_id}/"
    for persona in ("manager_a", "partner_a"):
        download = login(world.persona(persona)).get(file_url)
        assert download.status_code == 200, persona
        assert b"".join(download.streaming_content) == pdf_bytes()
        assert download["Content-Disposition"] == 'attachment; filename="Licence Agreement.pdf"'
        assert download["Content-Type"] == "application/pdf"
    for persona in ("partner_b", "outsider"):
        assert login(world.persona(persona)).get(file_url).status_code == 404, persona
    anonymous = Client().get(file_url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_an_api_upload_goes_to_the_bucket_and_partner_b_gets_a_404(world, bucket, local_folder):
    content = b"Side letter: milestone 3 moves to Q3.\n"
    response = api_client(world.manager_a).post(
        "/api/v1/documents/",
        {
            "alliance": world.alliance_a.pk,
            "title": "Side letter",
            "file": SimpleUploadedFile("side-letter.txt", content),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    stored = StoredFile.objects.get(pk=response.json()["file_id"])
    assert bucket.objects() == {f"{PREFIX}/{stored.path}": content}
    assert nothing_local(local_folder)
    download = login(world.partner_a).get(f"/files/{stored.pk}/")
    assert (download.status_code, b"".join(download.streaming_content)) == (200, content)
    assert login(world.partner_b).get(f"/files/{stored.pk}/").status_code == 404

    # An object lost from the bucket is a 404 naming nothing, not a server error.
    bucket.client.delete_object(Bucket=bucket.name, Key=f"{PREFIX}/{stored.path}")
    assert login(world.partner_a).get(f"/files/{stored.pk}/").status_code == 404


def test_a_delete_with_a_reason_removes_the_object(
    world, bucket, django_capture_on_commit_callbacks
):
    client = login(world.manager_a)
    for name in ("draft.txt", "copy.txt"):
        client.post(documents_url(world), {"file": SimpleUploadedFile(name, name.encode())})
    draft = AllianceDocument.objects.get(file__original_name="draft.txt")
    copy = AllianceDocument.objects.get(file__original_name="copy.txt")
    assert len(bucket.objects()) == 2

    delete_url = f"/alliances/{world.alliance_a.pk}/documents/{draft.pk}/delete/"
    with django_capture_on_commit_callbacks(execute=True):
        refused = login(world.firewalled).post(delete_url, {"reason": "not mine", "confirm": "on"})
    assert refused.status_code == 403
    assert len(bucket.objects()) == 2 and StoredFile.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            delete_url, {"reason": "Superseded by the signed copy", "confirm": "on"}
        )
    assert response.status_code == 302
    assert bucket.objects() == {f"{PREFIX}/{copy.file.path}": b"copy.txt"}
    assert list(StoredFile.objects.values_list("original_name", flat=True)) == ["copy.txt"]
    assert set(
        AuditEvent.objects.filter(action="delete", content_type__model="storedfile").values_list(
            "reason", flat=True
        )
    ) == {"Superseded by the signed copy"}

    with django_capture_on_commit_callbacks(execute=True):
        deleted = api_client(world.manager_a).delete(
            f"/api/v1/documents/{copy.pk}/?reason=duplicate%20upload"
        )
    assert deleted.status_code == 204
    assert bucket.objects() == {}
    assert not StoredFile.objects.exists()


@pytest.mark.parametrize("case", ["PDF with JavaScript", "macro renamed .docx"])
def test_a_refused_upload_leaves_nothing_in_the_bucket(world, bucket, case):
    name, content, message = HOSTILE[case]
    response = login(world.manager_a).post(
        documents_url(world), {"file": SimpleUploadedFile(name, content())}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert bucket.objects() == {}
    assert not StoredFile.objects.exists() and not AllianceDocument.objects.exists()


def test_an_upload_rolled_back_after_its_file_was_written_leaves_no_orphan(world, bucket):
    """An action keeps its file, then something later in the same transaction fails: the whole
    change rolls back, and the object already written goes with it."""
    from django.db import transaction

    from accord.core.files import store_upload

    seen = []
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError), transaction.atomic():
        store_upload(
            actor=world.manager_a,
            upload=SimpleUploadedFile("notes.txt", b"Side letter\n"),
            alliance_id=world.alliance_a.pk,
        )
        seen.append(bucket.objects())
        raise ValidationError({"title": "A later step of the action refused it."})
    assert len(seen) == 1 and list(seen[0].values()) == [b"Side letter\n"]
    assert bucket.objects() == {}
    assert not StoredFile.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_a_write_the_storage_refuses_leaves_no_record(world, settings, s3_endpoint):
    from botocore.exceptions import ClientError

    from accord.portfolio import actions

    Bucket(s3_endpoint, name="accord-no-such-bucket", create=False).use(settings)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ClientError, match="NoSuchBucket"):
        actions.document_upload(
            actor=world.manager_a,
            alliance=world.alliance_a,
            upload=SimpleUploadedFile("notes.txt", b"notes"),
        )
    assert not StoredFile.objects.exists() and not AllianceDocument.objects.exists()
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_with_s3(
    world,
    settings,
    s3_endpoint,
    local_folder,
    tmp_path,
    fresh_database,  # noqa: F811
):
    from accord.core.backup import BackupError, backup, restore
    from accord.portfolio import actions

    source = Bucket(s3_endpoint)
    source.use(settings)
    document = actions.document_upload(
        actor=world.manager_a,
        alliance=world.alliance_a,
        upload=SimpleUploadedFile("agreement.pdf", pdf_bytes()),
    )
    name = document.file.path
    result = backup(tmp_path / "backups")
    assert list(result.manifest["files"]) == [name]
    assert (result.path / "files" / name).read_bytes() == pdf_bytes()
    assert nothing_local(local_folder)

    target = Bucket(s3_endpoint)
    target.use(settings)
    report = restore(result.path, database_url=fresh_database)
    assert report["problems"] == []
    assert report["rows"] == sum(result.manifest["tables"].values())
    assert target.objects() == {f"{PREFIX}/{name}": pdf_bytes()}
    assert source.objects() == {f"{PREFIX}/{name}": pdf_bytes()}
    assert nothing_local(local_folder)

    # A bucket that already holds files is refused before the database is touched.
    with pytest.raises(BackupError, match="already holds 1 files"):
        restore(result.path, database_url=f"sqlite:///{tmp_path / 'untouched.sqlite3'}")
    assert not (tmp_path / "untouched.sqlite3").exists()
