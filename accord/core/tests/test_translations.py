"""Every shipped language is complete: each string Accord's code marks for translation has a
translation in every catalog (none empty, none fuzzy), placeholders agree with the source
(msgfmt --check), and the compiled catalogs Django reads are the ones the sources compile to."""

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.PACKAGE_DIR) / "locale"
SHIPPED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalog_dir(code: str) -> Path:
    """zh-hans is stored as zh_Hans, as Django's own catalogs are."""
    language, _, region = code.partition("-")
    name = f"{language}_{region.title() if len(region) > 2 else region.upper()}" if region else code
    return LOCALE / name / "LC_MESSAGES"


def msgfmt(po: Path, mo: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(mo), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )


def msgids(po: Path) -> set[str]:
    """The source strings of a catalog (the singular of a plural entry), without the header; a
    string with a context (msgctxt) is "context\x04string", as gettext keys it."""
    ids, current, key, context = set(), None, None, ""
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            key, current = "msgctxt", [line[8:]]
        elif line.startswith("msgid "):
            if key == "msgctxt":
                context = "".join(part.strip()[1:-1] for part in current) + "\x04"
            key, current = "msgid", [line[6:]]
        elif line.startswith(("msgid_plural ", "msgstr")):
            if key == "msgid":
                ids.add(context + "".join(part.strip()[1:-1] for part in current))
            key, context = None, ""
        elif line.startswith('"') and key in ("msgid", "msgctxt"):
            current.append(line)
    return ids - {""}


@pytest.mark.parametrize("code", SHIPPED)
def test_the_catalog_is_complete_and_its_placeholders_match_the_source(code, tmp_path):
    po = catalog_dir(code) / "django.po"
    result = msgfmt(po, tmp_path / "django.mo")
    statistics = result.stderr.strip()
    assert re.fullmatch(r"\d+ translated messages\.", statistics), statistics
    assert result.returncode == 0
    assert int(statistics.split()[0]) == len(msgids(po))


@pytest.mark.parametrize("code", SHIPPED)
def test_the_compiled_catalog_is_the_sources(code, tmp_path):
    """django.mo is committed (a fresh machine needs no gettext tools to run Accord)."""
    directory = catalog_dir(code)
    assert msgfmt(directory / "django.po", tmp_path / "django.mo").returncode == 0
    with (
        open(tmp_path / "django.mo", "rb") as fresh,
        open(directory / "django.mo", "rb") as shipped,
    ):
        assert gettext.GNUTranslations(shipped)._catalog == gettext.GNUTranslations(fresh)._catalog


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """What `make messages` would extract from the code as it is now, run on a copy of the
    sources (makemessages writes into the nearest locale folder, so never on the tree itself)."""
    scratch = tmp_path_factory.mktemp("messages")
    source = Path(settings.PACKAGE_DIR)
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        if path.suffix in (".py", ".html", ".txt") and relative.parts[0] != "locale":
            (scratch / "src" / relative).parent.mkdir(parents=True, exist_ok=True)
            (scratch / "src" / relative).write_bytes(path.read_bytes())
    (scratch / "conf").mkdir()
    (scratch / "conf" / "extract_settings.py").write_text(
        "from accord.config.settings import *  # noqa\n"
        f"LOCALE_PATHS = [{str(scratch / 'locale')!r}]\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "extract_settings",
        "ACCORD_DEBUG": "1",
        "ACCORD_TESTING": "1",
        "PYTHONPATH": os.pathsep.join([str(scratch / "conf"), *sys.path]),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "ja", *MAKEMESSAGES_FLAGS],
        cwd=scratch / "src",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return msgids(scratch / "locale" / "ja" / "LC_MESSAGES" / "django.po")


# The same as `make messages` (Makefile).
MAKEMESSAGES_FLAGS = [
    "--no-wrap",
    "--no-location",
    *("-i", "tests/*", "-i", "*/tests/*", "-i", "*/migrations/*"),
    *("-i", "*/vendor/*", "-i", "*/static/*"),
]


@pytest.mark.parametrize("code", SHIPPED)
def test_every_string_the_code_marks_is_in_the_catalog(code, extracted):
    assert len(extracted) > 300
    shipped = msgids(catalog_dir(code) / "django.po")
    assert sorted(extracted - shipped) == []  # marked in the code, not translated: `make messages`
    assert sorted(shipped - extracted) == []  # obsolete: no longer in the code
