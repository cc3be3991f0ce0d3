"""Schemathesis over the committed OpenAPI document, inside pytest against the Django WSGI app
with a real token, as an administrator and as a partner user: no server errors, every status
code, content type, header and body the API answers is the one the document promises.

Bounded for CI: a few derandomized examples per operation (ACCORD_FUZZ_EXAMPLES, default 3);
ACCORD_FUZZ_PATHS=<regex> limits the run to some paths while working on them."""

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accord.conftest import api_client, login
from accord.portfolio.models import STAGE_ORDER

OPENAPI = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"

schema = schemathesis.openapi.from_path(OPENAPI)
schema.app = get_wsgi_application()
if os.environ.get("ACCORD_FUZZ_PATHS"):
    schema = schema.include(path_regex=os.environ["ACCORD_FUZZ_PATHS"])

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]


@pytest.fixture
def keep_test_connection():
    """Django's own test client stops the handler closing the connection after a request;
    schemathesis calls the WSGI app directly, so do the same for the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


OPERATIONS = [result.ok() for result in schema.get_all_operations()]
HYPOTHESIS = settings(
    # Deterministic in `make test` and CI; ACCORD_FUZZ_RANDOM=1 ACCORD_FUZZ_EXAMPLES=200
    # explores further (what it finds becomes a pinned regression below).
    max_examples=int(os.environ.get("ACCORD_FUZZ_EXAMPLES", 3)),
    derandomize=os.environ.get("ACCORD_FUZZ_RANDOM") != "1",
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.slow  # sweeps every page, persona or operation
@pytest.mark.parametrize("persona", ["admin", "partner_a"])
def test_the_api_keeps_its_contract(persona, world, settings, tmp_path, keep_test_connection):
    """Every operation in one world per persona (building the world per operation would cost
    minutes): each call runs in a savepoint that is rolled back, so a DELETE does not starve
    the operations after it. All failures are collected, then reported together."""
    from accord.people.actions import api_token_create

    settings.ACCORD_FILES_ROOT = tmp_path / "files"
    _, key = api_token_create(actor=world.persona(persona), name="schemathesis")
    headers = {"Authorization": f"Bearer {key}"}

    def call(case):
        with transaction.atomic():
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            finally:
                transaction.set_rollback(True)

    failures = []
    for operation in OPERATIONS:
        run = HYPOTHESIS(given(case=operation.as_strategy())(call))
        try:
            run()
        except BaseException as error:  # schemathesis raises groups of failures
            failures.append(f"{operation.label}: {str(error)[:1500]}")
    assert not failures, f"{len(failures)} operations break their contract:\n\n" + "\n\n".join(
        failures
    )


# What schemathesis found, pinned as plain regressions.


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/alliances/null,null/",
        "/api/v1/programs/1e3/",
        "/api/v1/companies/abc/",
        "/api/v1/people/-1/",
        "/api/v1/documents/%20/",
    ],
)
def test_a_malformed_id_is_a_404(world, path):
    assert api_client(world.leader).get(path).status_code == 404


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/alliances/?therapeutic_area=-36893488147419103233", "therapeutic_area"),
        ("/api/v1/programs/?alliance=-4.950368615231151e%2B226", "alliance"),
        ("/api/v1/documents/?alliance=5.352523515335733e%2B16", "alliance"),
        ("/alliances/?therapeutic_area=99999999999999999999999", None),
    ],
)
def test_numbers_past_64_bits_are_a_400_naming_the_filter(world, path, field):
    if path.startswith("/api/"):
        response = api_client(world.leader).get(path)
        assert response.status_code == 400
        assert list(response.json()) == [field]
    else:
        assert login(world.leader).get(path).status_code == 400


def test_mark_read_refuses_ids_past_64_bits(world):
    response = api_client(world.manager_a).post(
        "/api/v1/notifications/mark-read/",
        {"ids": [39658372972818563072]},
        format="json",
    )
    assert response.status_code == 400
    assert "ids" in response.json()


def _documented_orderings(path: str) -> list[str]:
    parameters = json.loads(OPENAPI.read_text())["paths"][path]["get"]["parameters"]
    return next(p for p in parameters if p["name"] == "ordering")["schema"]["items"]["enum"]


# How each public sort key of the alliance list reads from an API row: an oracle independent of
# the filter's own ordering code (stage in lifecycle order; partner = the first partner's name).
ALLIANCE_SORT_KEYS = {
    "name": lambda row, partners: row["name"],
    "tier": lambda row, partners: row["tier"],
    "stage": lambda row, partners: STAGE_ORDER[row["stage"]],
    "effective_date": lambda row, partners: dt.date.fromisoformat(row["effective_date"]),
    "score": lambda row, partners: Decimal(row["tier_score"]),
    "partner": lambda row, partners: min(partners[pk] for pk in row["partners"]),
    "type": lambda row, partners: row["alliance_type"],
}


@pytest.fixture
def varied_alliances(world):
    """Alliances whose every sortable field orders them differently from their names."""
    from accord.portfolio.models import AllianceType, Stage
    from accord.portfolio.tests.factories import AllianceFactory, CompanyFactory

    for name, kind, stage, effective, tier, score, partners in [
        (
            "Aster Oncology",
            AllianceType.OUT_LICENSE,
            Stage.WIND_DOWN,
            "2021-06-01",
            1,
            "72.5",
            ["Zephyr Pharma"],
        ),
        (
            "Borealis Vaccines",
            AllianceType.ACADEMIC,
            Stage.PRE_DEAL,
            "2025-01-15",
            3,
            "12.0",
            ["Mistral Bio"],
        ),
        (
            "Cobalt Platform",
            AllianceType.PLATFORM,
            Stage.LAUNCH,
            "2019-11-30",
            2,
            "48.0",
            ["Yarrow Labs", "Alder Therapeutics"],
        ),
    ]:
        AllianceFactory(
            name=name,
            alliance_type=kind,
            stage=stage,
            effective_date=dt.date.fromisoformat(effective),
            tier=tier,
            tier_computed=tier,
            tier_score=Decimal(score),
            partners=[CompanyFactory(name=n) for n in partners],
        )


def _expected_order(rows: list[dict], ordering: str, partners: dict) -> list[str]:
    result = sorted(rows, key=lambda row: row["name"])  # ties: by name
    for item in reversed(ordering.split(",")):  # stable sorts, last key first
        key = ALLIANCE_SORT_KEYS[item.lstrip("-")]
        result.sort(key=lambda row: key(row, partners), reverse=item.startswith("-"))
    return [row["name"] for row in result]


@pytest.mark.parametrize(
    "ordering",
    [*_documented_orderings("/api/v1/alliances/"), "tier,-effective_date", "-type,partner"],
)
def test_every_documented_sort_order_works_on_the_page_and_the_api(
    world, varied_alliances, ordering
):
    """Each sortable field, ascending and descending (and two combinations): the API and the
    page list the alliances in that order, ties broken by name."""
    from accord.portfolio.models import Company

    partners = dict(Company.objects.values_list("pk", "name"))
    response = api_client(world.leader).get("/api/v1/alliances/", {"ordering": ordering})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 5
    for item in ordering.split(","):
        key = ALLIANCE_SORT_KEYS[item.lstrip("-")]
        # Enough different values that a wrong order shows.
        assert len({key(row, partners) for row in rows}) >= 3
    expected = _expected_order(rows, ordering, partners)
    assert [row["name"] for row in rows] == expected
    page = login(world.leader).get("/alliances/", {"ordering": ordering})
    assert page.status_code == 200
    assert [a.name for a in page.context["page"].object_list] == expected
