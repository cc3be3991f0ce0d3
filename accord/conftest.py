"""The cast every test suite shares (see DEVELOPERS.md, "Personas").

Alliance A is with Partner A: Manager A runs it, the partner user of A sits on its team, and its
program A2 is firewalled: cleared for Manager A and the partner user of A only. The firewalled
employee works on alliance A's team but is not cleared for A2. Alliance B is with Partner B and
run by Manager B. The outsider is a partner user with no alliance at all.
"""

import contextlib
import copy
import functools
import itertools
from dataclasses import dataclass

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accord.people.models import Role, User
from accord.people.tests.factories import PartnerUserFactory, UserFactory
from accord.portfolio.models import Alliance, Company, MemberRole, Program
from accord.portfolio.tests.factories import (
    AllianceFactory,
    CompanyFactory,
    MemberFactory,
    OwnCompanyFactory,
    ProgramFactory,
)


@dataclass
class World:
    own: Company
    partner_co_a: Company
    partner_co_b: Company
    admin: User
    leader: User
    manager_a: User
    manager_b: User
    executive: User
    contributor: User
    firewalled: User
    partner_a: User
    partner_b: User
    outsider: User
    alliance_a: Alliance
    alliance_b: Alliance
    program_a1: Program
    program_a2: Program
    program_b1: Program

    PERSONAS = (
        "admin",
        "leader",
        "manager_a",
        "manager_b",
        "executive",
        "contributor",
        "firewalled",
        "partner_a",
        "partner_b",
        "outsider",
    )

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def restore_reference_data() -> None:
    """The migrations load reference data (territories, therapeutic areas, knowledge topics);
    a transactional test's flush empties those tables for the tests after it on its worker."""
    from django.apps import apps

    from accord.knowledge import reference_data as knowledge_reference
    from accord.knowledge.models import Topic
    from accord.portfolio import reference_data as portfolio_reference
    from accord.portfolio.models import TherapeuticArea

    if not TherapeuticArea.objects.exists():
        portfolio_reference.load(apps)
    if not Topic.objects.exists():
        knowledge_reference.load(apps, None)


WORLD_KEY = "world"


@pytest.fixture
def world(request, db) -> World:
    """The personas' world. Built once per worker for the tests that only need it (a held world,
    below) and rolled back after each; each test gets its own copy of the Python objects, as
    built, so a change one test makes to them in memory never reaches another. Tests that
    commit (transactional, live server) or that hold another world build it for themselves."""
    if _held_key(request.node) == WORLD_KEY:
        return copy.deepcopy(request.getfixturevalue("held_worlds").require(WORLD_KEY))
    return build_world()


def hold_world(_cleanup) -> World:
    return build_world()


def build_world() -> World:
    restore_reference_data()
    own = OwnCompanyFactory()
    partner_co_a = CompanyFactory(name="Kestrel Bio")
    partner_co_b = CompanyFactory(name="Polaris Biologics")
    people = {
        "admin": UserFactory(
            email="admin@meridian.test", role=Role.ADMIN, is_staff=True, is_superuser=True
        ),
        "leader": UserFactory(
            email="leader@meridian.test", first_name="Helen", last_name="Park", role=Role.LEADER
        ),
        "manager_a": UserFactory(
            email="manager.a@meridian.test",
            first_name="Daniel",
            last_name="Reyes",
            role=Role.MANAGER,
        ),
        "manager_b": UserFactory(
            email="manager.b@meridian.test",
            first_name="Marcus",
            last_name="Webb",
            role=Role.MANAGER,
        ),
        "executive": UserFactory(email="exec@meridian.test", role=Role.EXECUTIVE),
        "contributor": UserFactory(email="pm@meridian.test", role=Role.CONTRIBUTOR),
        "firewalled": UserFactory(
            email="chemist@meridian.test",
            first_name="Ravi",
            last_name="Menon",
            role=Role.CONTRIBUTOR,
        ),
        "partner_a": PartnerUserFactory(email="jordan@kestrel.test", company=partner_co_a),
        "partner_b": PartnerUserFactory(email="claire@polaris.test", company=partner_co_b),
        "outsider": PartnerUserFactory(
            email="someone@elsewhere.test", company=CompanyFactory(name="Elsewhere Inc")
        ),
    }
    alliance_a = AllianceFactory(name="Kestrel ADC Collaboration", partners=[partner_co_a])
    alliance_b = AllianceFactory(name="Polaris IL-23 Co-development", partners=[partner_co_b])
    MemberFactory(alliance=alliance_a, user=people["manager_a"], role=MemberRole.ALLIANCE_MANAGER)
    MemberFactory(alliance=alliance_a, user=people["partner_a"], role=MemberRole.TEAM_MEMBER)
    MemberFactory(alliance=alliance_a, user=people["firewalled"], role=MemberRole.TEAM_MEMBER)
    MemberFactory(alliance=alliance_b, user=people["manager_b"], role=MemberRole.ALLIANCE_MANAGER)
    MemberFactory(
        alliance=alliance_b, user=people["contributor"], role=MemberRole.DESIGNATED_PERSON
    )
    MemberFactory(alliance=alliance_b, user=people["partner_b"], role=MemberRole.TEAM_MEMBER)
    program_a1 = ProgramFactory(alliance=alliance_a, name="KST-ADC1", target="HER3")
    program_a2 = ProgramFactory(
        alliance=alliance_a,
        name="KST-SECRET",
        target="KRAS G12D",
        cleared=[people["manager_a"], people["partner_a"]],
    )
    program_b1 = ProgramFactory(alliance=alliance_b, name="PLX-23", target="IL-23p19")
    return World(
        own=own,
        partner_co_a=partner_co_a,
        partner_co_b=partner_co_b,
        alliance_a=alliance_a,
        alliance_b=alliance_b,
        program_a1=program_a1,
        program_a2=program_a2,
        program_b1=program_b1,
        **people,
    )


# --- The migrated test database, kept between runs (SQLite) -----------------------------------
#
# Each xdist worker creates its test database by running every migration (a minute or more of
# model-state rendering). The first run saves the freshly migrated database as a template named
# after everything the migrations are made of: every migration file of every installed app, the
# accord modules they import (reference data, SQL of the triggers…), Django's, SQLite's and
# Python's versions. A later run with the same key starts each worker from a copy of it, and
# Django's own setup (keepdb) then runs `migrate` on it: nothing left to apply, the post-migrate
# signals run as usual. Any change to a migration or what it imports is a new key: a full
# migration again. ACCORD_TEST_DB_TEMPLATE=0 turns it off (CI starts from nothing anyway).

_template_restored = False


@functools.cache
def _migrations_key() -> str:
    import ast
    import hashlib
    import sqlite3
    import sys
    from importlib.util import find_spec
    from pathlib import Path

    import django
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    files = {Path(sys.modules[m.__module__].__file__) for m in loader.disk_migrations.values()}
    pending, seen = list(files), set()
    while pending:  # the accord modules the migrations import, and what those import
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_bytes())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                if not name.startswith("accord."):
                    continue
                try:
                    spec = find_spec(name)
                except (ImportError, ValueError):
                    continue
                if spec is not None and spec.origin and spec.origin.endswith(".py"):
                    pending.append(Path(spec.origin))
    digest = hashlib.sha256()
    for part in (django.__version__, sqlite3.sqlite_version, sys.version):
        digest.update(part.encode() + b"\0")
    for path in sorted(seen):
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def _template_path():
    import os
    from pathlib import Path

    from django.conf import settings

    database = settings.DATABASES["default"]
    if os.environ.get("ACCORD_TEST_DB_TEMPLATE", "1") == "0":
        return None
    if database["ENGINE"] != "django.db.backends.sqlite3" or len(settings.DATABASES) != 1:
        return None
    name = Path(database["TEST"]["NAME"])
    return name, name.with_name(f"test-template-{_migrations_key()}.sqlite3")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """Start from the migrated template when there is one (after xdist named this worker's
    database)."""
    import shutil

    global _template_restored
    paths = _template_path()
    if paths is not None and paths[1].exists():
        name, template = paths
        for stale in (name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")):
            stale.unlink(missing_ok=True)
        shutil.copyfile(template, name)
        _template_restored = True


@pytest.fixture(scope="session")
def django_db_keepdb(django_db_keepdb, django_db_modify_db_settings):
    return django_db_keepdb or _template_restored


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After Django's setup: a database migrated from nothing becomes the template."""
    import os

    paths = _template_path()
    if paths is not None and not _template_restored:
        from django.db import connection

        _name, template = paths
        partial = template.with_name(f"{template.name}.{os.getpid()}.partial")
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(partial)])
        os.replace(partial, template)
        for old in template.parent.glob("test-template-*.sqlite3"):
            if old != template:
                old.unlink(missing_ok=True)
    yield


# --- Held worlds: what many tests read, built once and rolled back after each test -----------
#
# Seeding the demo portfolio or building the authorization matrix's world for one app costs
# seconds; dozens of tests only read it. A test marked `held_world(key, build=...)` runs inside a
# transaction opened on the test database before the test's own (pytest-django's TestCase
# atomic, which becomes a savepoint in it): `build()` runs once in that outer transaction, each
# test rolls back to the savepoint, and the outer transaction is rolled back, never committed,
# as soon as a test that is not of the same world comes next (or the session ends). The
# collection puts the tests of one world next to each other, in one xdist group, so each world is
# built once per run. Transactional and live-server tests never run while a world is held.
#
# Only public Django API: transaction.atomic() entered by hand, and pytest-django's blocker.
# A durable atomic block (transaction.atomic(durable=True)) cannot run inside a held world; the
# code base has none (a test of one would fail loudly, not pass wrongly).


class HeldWorlds:
    def __init__(self, blocker):
        self.blocker = blocker
        self.key = None
        self.value = None
        self._atomic = None
        self._cleanup = None

    def hold(self, key: str, build) -> None:
        from django.db import connection, transaction

        if self.key == key:
            return
        self.release()
        with self.blocker.unblock():
            if connection.in_atomic_block:
                raise RuntimeError(
                    f"held world {key!r}: the test's own transaction is already open; a held "
                    "world must be entered first (the autouse fixture _held_world does it)"
                )
            self._cleanup = contextlib.ExitStack()
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self.key = key
            try:
                self.value = build(self._cleanup)
            except BaseException:
                self.release()
                raise

    def require(self, key: str):
        if self.key != key:
            raise RuntimeError(f"held world {key!r} is not held (holding {self.key!r})")
        return self.value

    def release(self) -> None:
        from django.db import transaction

        if self._atomic is None:
            return
        atomic, cleanup = self._atomic, self._cleanup
        self._atomic = self._cleanup = self.key = self.value = None
        try:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
        finally:
            cleanup.close()


_held_worlds: HeldWorlds | None = None


@pytest.fixture(scope="session")
def held_worlds(django_db_setup, django_db_blocker):
    global _held_worlds
    _held_worlds = HeldWorlds(django_db_blocker)
    yield _held_worlds
    _held_worlds.release()
    _held_worlds = None


@pytest.fixture(autouse=True)
def _held_world(request):
    """Enter the test's held world (if it has one) before any of its own fixtures."""
    marker = request.node.get_closest_marker("held_world")
    if marker is not None:
        request.getfixturevalue("held_worlds").hold(marker.args[0], marker.kwargs["build"])


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: what a test cached (our own company's name, read by
    every page) would otherwise outlive the rollback of the data it came from and show in the
    next test on the same worker."""
    from django.core.cache import cache

    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a language a request or job activated in an
    earlier test on the same worker must not change what the next one formats."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def seed_demo(_cleanup) -> None:
    from django.core.management import call_command

    call_command("seed", size="demo", verbosity=0)


@pytest.fixture
def demo(held_worlds, db):
    """The demo portfolio (`accord seed --size demo`), seeded once per worker (held world)."""
    return held_worlds.require("demo")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "slow: a test that takes seconds on its own (browser, demo-wide, benchmark scale); "
        "`make test-fast` leaves them out",
    )
    config.addinivalue_line(
        "markers",
        "held_world(key, build): runs inside a world built once and rolled back after each test "
        "(accord/conftest.py, held worlds)",
    )


# Fixtures that make a test commit (or flush the tables after it): it cannot run in a held world.
_COMMITTING_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _holds_the_personas_world(item) -> bool:
    """A test that asks for `world` (and no django_db mark) and nothing that commits or holds
    another world."""
    names = set(getattr(item, "fixturenames", ()))
    if "world" not in names or "demo" in names or names & _COMMITTING_FIXTURES:
        return False
    if _held_key(item) is not None:
        return False
    # A django_db mark opens the test's transaction in pytest-django's own autouse fixture,
    # before ours could enter the held world.
    return item.get_closest_marker("django_db") is None


def _held_key(item):
    marker = item.get_closest_marker("held_world")
    return None if marker is None else marker.args[0]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Tests of the demo hold the demo world, in one xdist group; the tests of each held world
    run one after another (where the first of them was), so each is built once. Tests of the
    demo, end-to-end and multinode tests are slow (`make test-fast` leaves them out)."""
    for item in items:
        if _holds_the_personas_world(item):
            item.add_marker(pytest.mark.held_world(WORLD_KEY, build=hold_world))
        if "demo" in getattr(item, "fixturenames", ()) and _held_key(item) is None:
            item.add_marker(pytest.mark.held_world("demo", build=seed_demo))
            item.add_marker(pytest.mark.xdist_group("demo"))
            item.add_marker(pytest.mark.slow)  # the seed alone takes seconds
        if item.get_closest_marker("e2e") or item.get_closest_marker("multinode"):
            item.add_marker(pytest.mark.slow)
    by_key: dict[str, list] = {}
    for item in items:
        key = _held_key(item)
        if key is not None:
            by_key.setdefault(key, []).append(item)
    ordered = []
    for item in items:
        key = _held_key(item)
        if key is None:
            ordered.append(item)
        elif key in by_key:
            ordered.extend(by_key.pop(key))
    # The slow tests first (a stable sort: each held world stays together): xdist hands out the
    # largest groups first and then single tests in this order, so a test of minutes starts
    # early instead of being the last one left running on a worker while the other is idle.
    ordered.sort(key=lambda item: item.get_closest_marker("slow") is None)
    items[:] = ordered


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test that is not of the held world, roll the held world back."""
    held = _held_worlds
    if held is not None and held.key is not None and _held_key(item) != held.key:
        held.release()


_token_numbers = itertools.count(1)


def _flush_with_audit_maintenance():
    """Let Django empty the test database between transactional tests, and then reload the
    reference data.

    The audit trail refuses UPDATE, DELETE and TRUNCATE (accord.core.audit_chain); flushing a
    test database is the one place that must empty it, so the flush alone lifts the guard on its
    own connection. Production code never does.
    """
    from django.db.backends.base.operations import BaseDatabaseOperations

    from accord.core.audit_chain import maintenance

    original = BaseDatabaseOperations.execute_sql_flush
    if getattr(original, "accord_audit_maintenance", False):
        return

    def execute_sql_flush(self, sql_list):
        with maintenance(self.connection.alias):
            original(self, sql_list)
        # The flush also emptied the reference data the migrations loaded: put it back, so the
        # tests after a transactional one on the same worker find the database as migrated.
        restore_reference_data()

    execute_sql_flush.accord_audit_maintenance = True
    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush


_flush_with_audit_maintenance()


def jobs(callbacks) -> list:
    """The on-commit callbacks a test captured, without the portfolio version's own move
    (accord.core.freshness.settle), which every audited change adds once a transaction."""
    from accord.core import freshness

    return [callback for callback in callbacks if callback is not freshness.settle]


def login(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def api_client(user) -> APIClient:
    """An API client authenticated with a real, freshly created token of `user`."""
    from accord.people.actions import api_token_create

    client = APIClient()
    if user is not None:
        _, key = api_token_create(actor=user, name=f"tests {next(_token_numbers)}")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def formula_like_cells(content: bytes) -> dict[str, tuple[str, bool]]:
    """Each cell of an XLSX export whose text starts like a formula (= + - @), with how it is
    stored: (openpyxl data type, quote prefix). Neutralised is ("s", True): text, shown and
    kept exactly as stored; a formula would read back with the same value but type "f"."""
    from io import BytesIO

    from openpyxl import load_workbook

    from accord.core.exports import FORMULA_TRIGGERS

    sheet = load_workbook(BytesIO(content)).active
    return {
        cell.value: (cell.data_type, cell.quotePrefix)
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS)
    }


@pytest.fixture
def as_user():
    return login


@pytest.fixture
def api_as():
    return api_client


@pytest.fixture(scope="session")
def _openapi_schema_of_the_session():
    from django.conf import settings
    from django.utils import translation
    from drf_spectacular.generators import SchemaGenerator

    with translation.override(settings.LANGUAGE_CODE):
        return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def openapi_schema(_openapi_schema_of_the_session) -> dict:
    """The API's OpenAPI document as drf-spectacular generates it (public, in the site's
    language), generated once per session (a second or more each time); each test gets its own
    copy, so nothing one test does to it reaches another."""
    return copy.deepcopy(_openapi_schema_of_the_session)


# The end-to-end tests' browser, page and sign-in (accord/core/tests/browser.py), for every suite.
from accord.core.tests.browser import browser, page, sign_in  # noqa: E402, F401
