"""The authorization matrix cannot drift: every URL pattern and every API operation has a row,
and every row holds for every persona (accord/core/authz_matrix.py explains the format)."""

from functools import partial

import pytest

from accord.core.authz_matrix import (
    EXCLUDED_ADMIN,
    EXCLUDED_ROUTE_PREFIXES,
    PERSONAS,
)

from .authz import held_matrix_world, observe, rows_by_app, walk_patterns

LABELLED = rows_by_app()
MATRIX = [row for _label, row in LABELLED]

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def page_routes() -> set[str]:
    routes = set()
    for route, _name in walk_patterns():
        if route.startswith(EXCLUDED_ROUTE_PREFIXES):
            continue
        if route.startswith(EXCLUDED_ADMIN) and route != EXCLUDED_ADMIN:
            continue
        routes.add(route)
    return routes


def api_operations(schema: dict) -> set[str]:
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in HTTP_METHODS
    }


def test_every_url_pattern_has_a_row():
    listed = {row.route for row in MATRIX if not row.api}
    missing = sorted(page_routes() - listed)
    assert not missing, (
        "These URL patterns have no row in accord/core/authz_matrix.py or accord/<app>/tests/authz.py: add one per method "
        f"saying what each persona gets: {missing}"
    )
    stale = sorted(listed - page_routes())
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"


def test_every_api_operation_has_a_row(openapi_schema):
    operations = api_operations(openapi_schema)
    listed = {row.operation for row in MATRIX if row.api}
    missing = sorted(operations - listed)
    assert not missing, (
        "These API operations have no row in accord/core/authz_matrix.py or accord/<app>/tests/authz.py: add an api(...) "
        f"row for each: {missing}"
    )
    stale = sorted(listed - operations)
    assert not stale, f"Rows for API operations that no longer exist: {stale}"


def test_rows_are_well_formed():
    for row in MATRIX:
        assert len(row.expect) == len(PERSONAS), row
        assert row.method in {"GET", "POST", "PATCH", "PUT", "DELETE"}, row
        if not row.api:
            assert row.path.startswith("/"), row


def matrix_params():
    """One case per row. The rows of an app share one held world (built once: the personas,
    the core targets and the app's own), run on one xdist worker, one after another."""
    return [
        pytest.param(
            label,
            row,
            id=f"{label} {row.method} {row.path}",
            marks=[
                # ten requests a row, some 850 rows: the bulk of the suite's time. `make test`
                # replays them all; `make test-fast` keeps only the structural checks above.
                pytest.mark.slow,
                pytest.mark.xdist_group(f"authz-{label}"),
                pytest.mark.held_world(f"authz:{label}", build=partial(held_matrix_world, label)),
            ],
        )
        for label, row in LABELLED
    ]


@pytest.fixture
def matrix_world(request, held_worlds, db):
    return held_worlds.require(request.node.get_closest_marker("held_world").args[0])


@pytest.mark.parametrize(("label", "row"), matrix_params())
def test_the_row_holds_for_every_persona(matrix_world, label, row):
    world, values = matrix_world
    observed = observe(row, world, values.for_row(), label)
    wrong = [
        f"{persona}: expected {want}, got {got}"
        for persona, want, got in zip(PERSONAS, row.expect, observed, strict=True)
        if want != got
    ]
    assert not wrong, f"{row.method} {row.path}: " + "; ".join(wrong)
