"""Running the authorization matrix (accord/core/authz_matrix.py) against the `world`.

`all_rows()` is the core matrix plus each app's rows (`ROWS` in accord/<app>/tests/authz.py).
`targets(world)` names the objects a row's path can use ({alliance_a}, {program_a2}, …); each
app adds its own (`targets(world)` in the same module), built only when a row asks for one.
`observe(row, world, targets)` sends the row's request as every persona, each inside a
transaction that is rolled back, and returns the statuses in PERSONAS order.
"""

from __future__ import annotations

import json
import time
from importlib import import_module

from django.apps import apps
from django.contrib.auth.backends import ModelBackend  # noqa: F401 - imported for login()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from accord.conftest import api_client, login
from accord.core.authz_matrix import MATRIX, PERSONAS, Row


def app_matrix_modules():
    """The accord apps that bring their own rows, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("accord.") or config.name == "accord.core":
            continue
        try:
            modules.append(import_module(f"{config.name}.tests.authz"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.authz":
                raise
    return modules


def rows_by_app() -> list[tuple[str, Row]]:
    """(app label, row) for every row, so `pytest -k contracts` replays one app's rows."""
    rows = [("core", row) for row in MATRIX]
    for module in app_matrix_modules():
        label = module.__name__.split(".")[1]
        rows.extend((label, row) for row in module.ROWS)
    return rows


def all_rows() -> list[Row]:
    return [row for _label, row in rows_by_app()]


class Targets(dict):
    """World objects by name; an app's objects are created the first time a row of that app
    runs or a row names one of them, so a row about alliances does not pay for every app's
    fixtures."""

    def __init__(self, world, initial: dict):
        super().__init__(initial)
        self.world = world
        self.signed_in = {}  # user pk -> (session key, API authorization): sign_in_personas
        self.pending = {
            module.__name__.split(".")[1]: module.targets for module in app_matrix_modules()
        }

    def for_row(self) -> Targets:
        """A copy for one row of a held world (see held_matrix_world): what the row creates
        lazily (another app's objects) is rolled back after it, and so is forgotten with the
        copy rather than left named in the shared targets."""
        clone = Targets.__new__(Targets)
        dict.__init__(clone, self)
        clone.world = self.world
        clone.pending = dict(self.pending)
        clone.signed_in = self.signed_in
        return clone

    def ensure(self, label: str) -> None:
        provider = self.pending.pop(label, None)
        if provider is None:
            return
        added = provider(self.world)
        clash = set(added) & set(self)
        if clash:
            raise KeyError(f"{provider.__module__} redefines targets {sorted(clash)}")
        self.update(added)

    def __missing__(self, key):
        for label in list(self.pending):
            self.ensure(label)
            if key in self:
                return self[key]
        raise KeyError(key)


def walk_patterns(patterns=None, prefix=""):
    """Every URL pattern as (route, name), the way the matrix spells routes."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def targets(world) -> dict:
    from accord.core.models import StoredFile
    from accord.notifications.actions import notify
    from accord.people.actions import api_token_create
    from accord.portfolio import actions
    from accord.portfolio.models import AllianceMember, StrategicPriority

    priority = StrategicPriority.objects.create(name="Oncology leadership", weight=5)
    objective = actions.objective_add(
        actor=world.leader, alliance=world.alliance_a, priority=priority, text="First ADC"
    )
    doc_a = actions.document_upload(
        actor=world.manager_a,
        alliance=world.alliance_a,
        upload=SimpleUploadedFile("plan.txt", b"plan"),
    )
    doc_a2 = actions.document_upload(
        actor=world.manager_a,
        alliance=world.alliance_a,
        program=world.program_a2,
        upload=SimpleUploadedFile("secret.txt", b"secret"),
    )
    token, _key = api_token_create(actor=world.manager_a, name="matrix")
    notify(
        recipients=[world.manager_a],
        kind="matrix",
        title="Matrix check",
        dedupe_key="matrix",
        alliance_id=world.alliance_a.pk,
    )
    member = AllianceMember.objects.get(alliance=world.alliance_a, user=world.partner_a)
    core = {
        "alliance_a": world.alliance_a.pk,
        "alliance_b": world.alliance_b.pk,
        "program_a1": world.program_a1.pk,
        "program_a2": world.program_a2.pk,
        "program_b1": world.program_b1.pk,
        "partner_co_a": world.partner_co_a.pk,
        "partner_co_b": world.partner_co_b.pk,
        "manager_a": world.manager_a.pk,
        "partner_b_user": world.partner_b.pk,
        "member_partner_a": member.pk,
        "objective_a": objective.pk,
        "document_a": doc_a.pk,
        "document_a2": doc_a2.pk,
        "file_a": doc_a.file_id,
        "file_a2": doc_a2.file_id,
        "token_manager_a": token.pk,
        "file_none": StoredFile._meta.pk.default(),  # a UUID that exists nowhere
    }
    return Targets(world, core)


def held_matrix_world(label: str, cleanup) -> tuple:
    """The world and the targets of one app's rows, built once for all of them (a held world,
    accord/conftest.py): the persona world, the core targets and the app's own, exactly what
    each row of the app found when it built them itself. Each row copies the targets
    (Targets.for_row) and rolls back what it does. Files go under one directory for the
    world's life."""
    import shutil
    import tempfile
    from pathlib import Path

    from django.test import override_settings

    from accord.conftest import build_world

    root = Path(tempfile.mkdtemp(prefix="accord-authz-"))
    cleanup.callback(shutil.rmtree, root, ignore_errors=True)
    cleanup.enter_context(override_settings(ACCORD_FILES_ROOT=root / "files"))
    world = build_world()
    values = targets(world)
    values.ensure(label)
    values.signed_in = sign_in_personas(world)
    return world, values


def sign_in_personas(world) -> dict:
    """Each persona signed in once for all the rows of a held world: a session (as `login()`
    makes it) and an API token (as `api_client()` makes it), made in the held world's
    transaction. A row then sends each request from a fresh client carrying them, so nothing a
    response does to a client's cookies reaches the next row, and what a request writes (the
    session included) is rolled back with it."""
    from django.conf import settings

    signed_in = {}
    for persona in PERSONAS:
        user = world.persona(persona)
        if user is None:
            continue
        session_key = login(user).cookies[settings.SESSION_COOKIE_NAME].value
        authorization = api_client(user)._credentials["HTTP_AUTHORIZATION"]
        signed_in[user.pk] = (session_key, authorization)
    signed_in["at"] = time.monotonic()
    return signed_in


# The held sessions are used while well within their idle timeout (SESSION_COOKIE_AGE, 30
# minutes): their renewals are rolled back with each request. Past this, rows sign in afresh.
HELD_SESSIONS_SECONDS = 15 * 60


def client_for(user, target_values, *, api: bool):
    """A client signed in as `user`: with the held world's session or token when it has them,
    else signed in afresh (login(), api_client())."""
    from django.conf import settings
    from django.test import Client
    from rest_framework.test import APIClient

    signed_in = getattr(target_values, "signed_in", None) or {}
    if signed_in and time.monotonic() - signed_in["at"] > HELD_SESSIONS_SECONDS:
        signed_in = {}
    if user is None or user.pk not in signed_in:
        return api_client(user) if api else login(user)
    session_key, authorization = signed_in[user.pk]
    if api:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=authorization)
    else:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def fill(value, target_values: dict):
    """Put world objects into a payload: "{alliance_a}" -> its id; "<file:name>" -> a file."""
    if isinstance(value, dict):
        return {k: fill(v, target_values) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, target_values) for v in value]
    if isinstance(value, str) and value.startswith("<file:"):
        return SimpleUploadedFile(value[6:-1], b"matrix notes")
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return target_values[value[1:-1]]
    return value


# A page POST with no fields would leave Django's forms unbound: send one so that an allowed
# writer gets the form's 400 rather than an empty page.
PAGE_POST_DEFAULT = {"submitted": "1"}


def request(row: Row, user, target_values: dict):
    path = row.path.format_map(target_values)
    if row.api:
        client = client_for(user, target_values, api=True)
        if row.data is None:
            return getattr(client, row.method.lower())(path)
        data = fill(row.data, target_values)
        if any(isinstance(v, SimpleUploadedFile) for v in data.values()):
            return getattr(client, row.method.lower())(path, data, format="multipart")
        return getattr(client, row.method.lower())(
            path, json.dumps(data), content_type="application/json"
        )
    client = client_for(user, target_values, api=False)
    if row.method == "GET":
        return client.get(path)
    data = fill(row.data if row.data is not None else PAGE_POST_DEFAULT, target_values)
    return client.post(path, data)


def observe(row: Row, world, target_values: dict, label: str = "core") -> list[int]:
    # Create the app's objects and those the row names now, outside the per-persona
    # transactions that are rolled back: made inside the first one, they would be gone for the
    # other personas. The app's objects exist even when the row does not name them (a seat on
    # a committee is what lets a partner propose a decision).
    if isinstance(target_values, Targets):
        target_values.ensure(label)
    row.path.format_map(target_values)
    if row.data is not None:
        fill(row.data, target_values)
    statuses = []
    for persona in PERSONAS:
        with transaction.atomic():
            response = request(row, world.persona(persona), target_values)
            statuses.append(response.status_code)
            transaction.set_rollback(True)
    return statuses
