"""Token scopes over every API operation: a read-only token changes nothing, an alliance-limited
token sees and changes only that alliance's records, whatever its person may see."""

import itertools
import json

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient

from accord.conftest import login
from accord.core.models import AuditEvent
from accord.core.tests.authz import fill, rows_by_app, targets
from accord.people import actions
from accord.people.models import ApiToken
from accord.portfolio.models import Program
from accord.portfolio.token_scope import OUT_OF_SCOPE_MESSAGE, PORTFOLIO_MESSAGE, READ_ONLY_MESSAGE

API_ROWS = [row for _label, row in rows_by_app() if row.api]
UNSAFE_ROWS = [row for row in API_ROWS if row.method != "GET"]
LIST_ROWS = [row for row in API_ROWS if row.method == "GET" and "{" not in row.operation]

# Reports and aggregates over the whole portfolio: an alliance-limited token is refused them
# rather than given other alliances' numbers.
PORTFOLIO_WIDE = {
    "/api/v1/workload/",
    "/api/v1/conflict-check/",
    "/api/v1/lessons/relevant/",
    "/api/v1/health/waves/heatmap/",
    "/api/v1/health/waves/trend/",
    "/api/v1/reporting/dashboard/",
    "/api/v1/reporting/my-week/",
    "/api/v1/reporting/packs/",
    "/api/v1/value/portfolio/",
}


@pytest.fixture
def files_root(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"


TOKEN_NUMBERS = itertools.count(1)


def client_for(user, **scopes) -> APIClient:
    # A fresh name for each token (an object's id() can be reused once it is freed).
    name = f"scoped {next(TOKEN_NUMBERS)}"
    _token, key = actions.api_token_create(actor=user, name=name, **scopes)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def send(client, row, values):
    path = row.path.format_map(values)
    method = getattr(client, row.method.lower())
    if row.data is None:
        return method(path)
    data = fill(row.data, values)
    if any(hasattr(value, "read") for value in data.values()):
        return method(path, data, format="multipart")
    return method(path, json.dumps(data), content_type="application/json")


def rows_of(response) -> list[dict]:
    body = response.json()
    if isinstance(body, dict) and "results" in body:
        return body["results"]
    return body if isinstance(body, list) else []


def test_a_read_only_token_is_refused_every_unsafe_operation_and_nothing_changes(world, files_root):
    values = targets(world)
    for label in {label for label, row in rows_by_app() if row.api}:
        values.ensure(label)
    client = client_for(world.admin, read_only=True)
    events = AuditEvent.objects.count()
    wrong = []
    for row in UNSAFE_ROWS:
        with transaction.atomic():
            response = send(client, row, values)
            if response.status_code != 403 or response.json() != {"detail": READ_ONLY_MESSAGE}:
                wrong.append(f"{row.method} {row.path}: {response.status_code}")
            transaction.set_rollback(True)
    assert wrong == []
    assert len(UNSAFE_ROWS) > 100  # every unsafe operation of every app was tried
    assert AuditEvent.objects.count() == events


def test_a_read_only_token_reads_and_its_person_still_writes(world):
    reader = client_for(world.manager_a, read_only=True)
    assert reader.get(f"/api/v1/alliances/{world.alliance_a.pk}/").status_code == 200
    response = reader.patch(
        f"/api/v1/programs/{world.program_a1.pk}/", {"target": "HER2"}, format="json"
    )
    assert response.status_code == 403
    world.program_a1.refresh_from_db()
    assert world.program_a1.target == "HER3"
    writer = client_for(world.manager_a)
    response = writer.patch(
        f"/api/v1/programs/{world.program_a1.pk}/", {"target": "HER2"}, format="json"
    )
    assert response.status_code == 200
    world.program_a1.refresh_from_db()
    assert world.program_a1.target == "HER2"


def test_a_token_limited_to_alliance_a_never_lists_another_alliances_records(world, files_root):
    values = targets(world)
    for label in {label for label, row in rows_by_app() if row.api}:
        values.ensure(label)
    scoped = client_for(world.admin, alliances=[world.alliance_a])
    full = client_for(world.admin)
    wrong, refused, compared = [], set(), 0
    for row in LIST_ROWS:
        path = row.path.format_map(values)
        response = scoped.get(path)
        if response.status_code == 403:
            assert response.json() == {"detail": PORTFOLIO_MESSAGE}, path
            refused.add(row.operation.split(" ", 1)[1])
            continue
        if response.status_code != 200:
            wrong.append(f"{path}: {response.status_code}")
            continue
        if response["Content-Type"] != "application/json":
            continue
        rows, everything = rows_of(response), rows_of(full.get(path))
        if any(row_.get("alliance") not in (None, world.alliance_a.pk) for row_ in rows):
            wrong.append(f"{path}: a row of another alliance")
        ids = {row_.get("id") for row_ in rows}
        if not ids <= {row_.get("id") for row_ in everything}:
            wrong.append(f"{path}: rows its person does not see")
        compared += 1
    assert wrong == []
    assert sorted(refused) == sorted(
        PORTFOLIO_WIDE & {row.operation.split(" ", 1)[1] for row in LIST_ROWS}
    )
    assert compared > 30


def test_a_token_limited_to_alliance_a_sees_exactly_as_records(world):
    scoped = client_for(world.leader, alliances=[world.alliance_a])
    full = client_for(world.leader)

    def ids(client, path):
        return sorted(row["id"] for row in client.get(path).json()["results"])

    assert ids(full, "/api/v1/alliances/") == sorted([world.alliance_a.pk, world.alliance_b.pk])
    assert ids(scoped, "/api/v1/alliances/") == [world.alliance_a.pk]
    # A2 is firewalled and the leader is not cleared: the token never widens what its person sees.
    assert ids(scoped, "/api/v1/programs/") == [world.program_a1.pk]
    assert world.program_b1.pk in ids(full, "/api/v1/programs/")
    assert ids(scoped, "/api/v1/companies/") == sorted([world.own.pk, world.partner_co_a.pk])
    assert ids(scoped, "/api/v1/people/") == sorted(
        [world.manager_a.pk, world.partner_a.pk, world.firewalled.pk]
    )
    assert scoped.get("/api/v1/people/me/").json()["email"] == "leader@meridian.test"
    for path in (
        f"/api/v1/alliances/{world.alliance_b.pk}/",
        f"/api/v1/alliances/{world.alliance_b.pk}/members/",
        f"/api/v1/programs/{world.program_b1.pk}/",
        f"/api/v1/companies/{world.partner_co_b.pk}/",
        f"/api/v1/people/{world.manager_b.pk}/",
    ):
        assert scoped.get(path).status_code == 404, path
        assert full.get(path).status_code == 200, path


def test_a_token_limited_to_alliance_a_cannot_change_b(world):
    scoped = client_for(world.leader, alliances=[world.alliance_a])
    events = AuditEvent.objects.count()
    response = scoped.patch(
        f"/api/v1/programs/{world.program_b1.pk}/", {"target": "IL-17"}, format="json"
    )
    assert response.status_code == 404
    response = scoped.post(
        "/api/v1/programs/", {"alliance": world.alliance_b.pk, "name": "PLX-99"}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": OUT_OF_SCOPE_MESSAGE.format(field="alliance")}
    world.program_b1.refresh_from_db()
    assert world.program_b1.target == "IL-23p19"
    assert not Program.objects.filter(name="PLX-99").exists()
    assert AuditEvent.objects.count() == events
    response = scoped.post(
        "/api/v1/programs/", {"alliance": world.alliance_a.pk, "name": "KST-9"}, format="json"
    )
    assert response.status_code == 201
    assert Program.objects.get(name="KST-9").alliance == world.alliance_a


def test_a_token_is_limited_only_to_alliances_its_person_sees(world):
    with pytest.raises(ValidationError) as error:
        actions.api_token_create(actor=world.partner_b, name="Sneaky", alliances=[world.alliance_a])
    assert error.value.message_dict == {
        "alliances": ["A token can only be limited to alliances you see."]
    }
    assert not ApiToken.objects.filter(name="Sneaky").exists()


def test_token_page_sets_scopes_and_the_trail_records_them(world):
    client = login(world.manager_a)
    response = client.post(
        "/settings/tokens/",
        {"name": "Power BI", "access": "write", "alliances": [world.alliance_a.pk]},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.manager_a, name="Power BI")
    assert token.read_only is False
    assert list(token.alliances.all()) == [world.alliance_a]
    created = AuditEvent.objects.filter(object_id=str(token.pk), action="create")
    changes = {event.field: event.new_value for event in created}
    assert changes["read_only"] == "no"
    assert changes["alliances"] == "Kestrel ADC Collaboration"
    client.post("/settings/tokens/", {"name": "Default"})
    assert ApiToken.objects.get(user=world.manager_a, name="Default").read_only is True
    response = login(world.partner_a).post(
        "/settings/tokens/", {"name": "Other", "alliances": [world.alliance_b.pk]}
    )
    assert response.status_code == 400
    assert not ApiToken.objects.filter(name="Other").exists()
    client.post(f"/settings/tokens/{token.pk}/revoke/")
    revoked = AuditEvent.objects.get(object_id=str(token.pk), field="revoked_at")
    assert revoked.action == "update"


def test_command_creates_scoped_tokens_and_revokes_them(world, capsys):
    call_command(
        "api_token",
        "manager.a@meridian.test",
        "Nightly export",
        "--read-only",
        "--alliance",
        str(world.alliance_a.pk),
    )
    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(name="Nightly export")
    assert key.startswith(f"acc_{token.key_id}_")
    assert token.read_only is True
    assert list(token.alliances.all()) == [world.alliance_a]
    call_command("api_token", "manager.a@meridian.test", "Nightly export", "--revoke")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_rate_limits_answer_429_with_retry_after(world, settings):
    cache.clear()
    settings.ACCORD_API_RATE_USER = "2/minute"
    client = client_for(world.manager_a)
    assert [client.get("/api/v1/people/me/").status_code for _ in range(2)] == [200, 200]
    response = client.get("/api/v1/people/me/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert set(response.json()) == {"detail"}
    other = client_for(world.manager_b)
    assert other.get("/api/v1/people/me/").status_code == 200
    cache.clear()


def test_refused_keys_are_throttled_per_address(world, settings):
    cache.clear()
    settings.ACCORD_API_RATE_ANON = "2/minute"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer acc_nothere_guess")
    assert [client.get("/api/v1/people/me/").status_code for _ in range(2)] == [401, 401]
    response = client.get("/api/v1/people/me/")
    assert response.status_code == 429
    assert "Retry-After" in response
    cache.clear()


def test_rate_limits_are_off_unless_set(world, settings):
    assert settings.ACCORD_API_RATE_USER is None
    client = client_for(world.manager_a)
    assert {client.get("/api/v1/people/me/").status_code for _ in range(5)} == {200}


@pytest.mark.parametrize("value", ["null", "abc", "0", "501", "-1", "1.5"])
def test_a_bad_page_size_is_a_400_naming_it(world, value):
    response = client_for(world.leader).get("/api/v1/alliances/", {"page_size": value})
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Give a whole number from 1 to 500."]}


def test_a_blocked_delete_is_a_409_with_the_error_shape(world):
    from django.db.models import ProtectedError

    from accord.core.api import exception_handler

    response = exception_handler(ProtectedError("blocked", {world.program_a1}), {})
    assert response.status_code == 409
    assert response.data == {
        "detail": "This record cannot be deleted while other records refer to it (1 programs)."
    }


def test_deleting_a_company_still_in_an_alliance_is_a_409_and_nothing_changes(world):
    from accord.portfolio.models import Company

    admin = client_for(world.admin)
    events = AuditEvent.objects.count()
    response = admin.delete(
        f"/api/v1/companies/{world.partner_co_b.pk}/?reason=No%20longer%20a%20partner"
    )
    assert response.status_code == 409
    message = "Polaris Biologics is a partner in 1 alliance(s): remove it from them first."
    assert response.json() == {"detail": message, "partners": [message]}
    assert Company.objects.filter(pk=world.partner_co_b.pk).exists()
    assert AuditEvent.objects.count() == events
