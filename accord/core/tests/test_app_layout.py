"""The README's promise that every app uses the same file names, checked on what the apps
register: a kind of code has one module name in every app, so a maintainer who knows where the
contracts register keeps its panels knows where governance keeps its own."""

import pkgutil
import re
from pathlib import Path

import pytest
from django.apps import apps

from accord.core import registry

ACCORD = Path(__file__).resolve().parents[2]


def _week_parts(rows) -> list:
    """A My week source's functions: its `rows`, or a WeekQuery's select, build and due_of (the
    function a `functools.partial` wraps)."""
    if isinstance(rows, registry.WeekQuery):
        parts = [rows.select, rows.build, rows.due_of]
        return [getattr(part, "func", part) for part in parts if part is not None]
    return [rows]


def _module(func) -> str:
    return getattr(func, "__module__", "") or ""


def _app_modules() -> dict[str, set[str]]:
    """Each accord app's top-level module and package names (without tests, migrations...)."""
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("accord."):
            continue
        names = {info.name for info in pkgutil.iter_modules([config.path])}
        found[config.label] = names
    return found


# What a kind of code is called in every app (README, "Every app uses the same file names").
# Each row: the registry a kind of code fills, and the module its callables must live in.
REGISTERED = [
    ("alliance panels", lambda: [p.context for p in registry.ALLIANCE_PANELS], "panels"),
    ("program panels", lambda: [p.context for p in registry.PROGRAM_PANELS], "panels"),
    ("status signals", lambda: list(registry.STATUS_SIGNALS), "status"),
    ("alliance key dates", lambda: list(registry.KEY_DATES), "status"),
    ("recent events", lambda: list(registry.RECENT_EVENTS), "status"),
    (
        "My week rows",
        lambda: [f for s in registry.WEEK_SOURCES for f in _week_parts(s.rows)],
        "week",
    ),
]


@pytest.mark.parametrize("kind,callables,module", REGISTERED, ids=[row[0] for row in REGISTERED])
def test_what_an_app_registers_lives_in_the_module_named_for_its_kind(kind, callables, module):
    registered = callables()
    assert registered, f"nothing registered as {kind}: the check would pass vacuously"
    misplaced = sorted(
        {_module(func) for func in registered}
        - {m for m in {_module(func) for func in registered} if m.rsplit(".", 1)[-1] == module}
    )
    assert misplaced == [], f"{kind} must be defined in <app>/{module}.py, found in {misplaced}"


# Names that say the same thing as a name of the list in other words; each has its one name.
SYNONYMS = {
    "panel": "panels",
    "integrations": "hooks",
    "keydates": "hooks",
    "action": "actions",
    "filter": "filters",
    "export": "exports",
    "task": "tasks",
    "form": "forms",
    "view": "views",
    "model": "models",
}


def test_no_app_names_a_kind_of_code_in_other_words():
    found = {
        (label, name)
        for label, names in _app_modules().items()
        for name in names
        if name in SYNONYMS
    }
    assert found == set(), {f"{label}/{name}.py": SYNONYMS[name] for label, name in found}


def _repo_map() -> list[tuple[str, str]]:
    """(app folder, text) for each app's entry of the README's repo map."""
    readme = (ACCORD.parent / "README.md").read_text()
    block = readme.split("## Repo map", 1)[1].split("```", 2)[1]
    entries, current = [], None
    for line in block.splitlines():
        match = re.match(r"accord/([a-z_]+)/", line)
        if match:
            current = match.group(1)
            entries.append((current, line[match.end() :]))
        elif current and line.startswith(" "):
            entries[-1] = (current, entries[-1][1] + " " + line)
        else:
            current = None
    return entries


def test_every_module_the_readme_map_names_exists_in_its_app():
    entries = _repo_map()
    assert len(entries) >= 10, "the repo map was not found in the README"
    missing = []
    for app, text in entries:
        files = {path.name for path in (ACCORD / app).rglob("*.py")}
        folders = {path.name + "/" for path in (ACCORD / app).rglob("*") if path.is_dir()}
        for name in re.findall(r"(?<![\w./-])([a-z_]+\.py|[a-z_]+/)(?=[\s,;:)]|$)", text):
            if name not in files and name not in folders:
                missing.append(f"accord/{app}/: {name}")
    assert missing == []
