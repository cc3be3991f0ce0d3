import json
from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"


def test_committed_openapi_document_is_current(tmp_path):
    generated = tmp_path / "openapi.json"
    call_command(
        "spectacular",
        "--format",
        "openapi-json",
        "--file",
        str(generated),
        "--validate",
        "--fail-on-warn",
    )
    assert json.loads(generated.read_text()) == json.loads(COMMITTED.read_text()), (
        "docs/api/openapi.json is stale: run `make openapi` and commit the result."
    )


def test_openapi_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Accord API"
