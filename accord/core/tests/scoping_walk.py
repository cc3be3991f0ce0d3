"""Walking every page and API list as every persona, for the scoping class tests
(test_scoped_choices.py, test_filter_oracles.py).

The pages come from the authorization matrix (accord/core/authz_matrix.py and each app's rows),
which lists every URL pattern with world objects filled in; `walk()` GETs each as each persona
and records what the response offered: every model choice a form rendered (ModelChoiceIterator)
and every filterset a list built.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

import django_filters
from django.forms import models as form_models

from accord.core.authz_matrix import PERSONAS
from accord.core.scoping import has_scope

from .authz import all_rows, request, targets

# Downloads render no form: skipping them keeps the walk to what can offer a choice.
SKIPPED = re.compile(r"\.(xlsx|csv|pdf|ics|docx|pptx|zip|json)(\?|$)|/download/|/files/")
PEOPLE_PERSONAS = tuple(p for p in PERSONAS if p != "anonymous")

# Models without a per-user scope: the same reference lists for everyone.
REFERENCE_DATA = {
    "portfolio.territory",
    "portfolio.therapeuticarea",
    "portfolio.amteam",
    "portfolio.strategicpriority",
    "knowledge.topic",
}


@dataclass
class Offered:
    """What one persona was offered on one page."""

    persona: str
    path: str
    choices: list = field(default_factory=list)  # (form field, model instance)
    filtersets: list = field(default_factory=list)  # filterset instances


@contextlib.contextmanager
def recording():
    seen: list = []
    original_choice = form_models.ModelChoiceIterator.choice
    original_init = django_filters.FilterSet.__init__

    def choice(self, obj):
        seen.append(("choice", self.field, obj))
        return original_choice(self, obj)

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        seen.append(("filterset", self, None))

    form_models.ModelChoiceIterator.choice = choice
    django_filters.FilterSet.__init__ = init
    try:
        yield seen
    finally:
        form_models.ModelChoiceIterator.choice = original_choice
        django_filters.FilterSet.__init__ = original_init


def page_rows(api: bool | None = None):
    for row in all_rows():
        if row.method != "GET" or SKIPPED.search(row.path):
            continue
        if api is not None and row.api != api:
            continue
        yield row


def walk(world, *, api: bool | None = None, personas=PEOPLE_PERSONAS):
    """GET every page (and/or API operation) row as every persona; what each was offered."""
    values = targets(world)
    rows = list(page_rows(api))
    for row in rows:  # create every app's objects before walking
        row.path.format_map(values)
    for label in list(values.pending):
        values.ensure(label)
    offered = []
    done = set()
    for row in rows:
        path = row.path.format_map(values)
        for persona in personas:
            if (path, persona) in done:
                continue
            done.add((path, persona))
            with recording() as seen:
                response = request(row, world.persona(persona), values)
            if response.status_code != 200:
                continue
            entry = Offered(persona, path)
            for kind, what, obj in seen:
                if kind == "choice":
                    entry.choices.append((what, obj))
                else:
                    entry.filtersets.append(what)
            offered.append((row, entry))
    return offered, values


# --- One walk for both class tests ----------------------------------------------------------
#
# test_scoped_choices (the pages' form choices) and test_filter_oracles (every list's id
# filters) read the same walk: every GET row as every persona. It is walked once per run, in a
# held world (accord/conftest.py): the persona world and every app's targets, then the walk;
# each test reads what was offered and rolls back what it does itself.

WALK_KEY = "scoping-walk"


def held_walk(cleanup) -> tuple:
    """The persona world and the walk of every page and API list (`walk(world)`), built once
    for the tests marked `held_world(WALK_KEY, build=held_walk)`. Files go under one directory
    for the world's life."""
    import shutil
    import tempfile
    from pathlib import Path

    from django.test import override_settings

    from accord.conftest import build_world

    root = Path(tempfile.mkdtemp(prefix="accord-walk-"))
    cleanup.callback(shutil.rmtree, root, ignore_errors=True)
    cleanup.enter_context(override_settings(ACCORD_FILES_ROOT=root / "files"))
    world = build_world()
    offered, _values = walk(world)
    return world, offered


def label(model) -> str:
    return model._meta.label_lower


_visible_cache: dict = {}


def visible_pks(model, user) -> set:
    key = (label(model), user.pk)
    if key not in _visible_cache:
        _visible_cache[key] = set(
            model._default_manager.visible_to(user).values_list("pk", flat=True)
        )
    return _visible_cache[key]


def forget_visible():
    _visible_cache.clear()


def hidden_instance(model, user):
    """A record of `model` that exists but that `user` may not see (None if there is none)."""
    if not has_scope(model):
        return None
    return (
        model._default_manager.exclude(pk__in=model._default_manager.visible_to(user).values("pk"))
        .order_by("pk")
        .first()
    )


def missing_pk(model) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
    return last + 100_000


def normalise(text: str, *values) -> str:
    """An error message with the id it names replaced, so two ids' messages compare equal."""
    text = str(text)
    for value in values:
        text = re.sub(rf"(?<![\w-]){re.escape(str(value))}(?![\w-])", "<id>", text)
    return text
