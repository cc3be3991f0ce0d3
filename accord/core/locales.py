"""The reader's language and time zone.

Everyone reads Accord in their own language and zone (`accord.people.middleware.
ReaderLocaleMiddleware` activates them for each request; a blank language means the browser's,
a blank zone the deployment's TIME_ZONE), and what is sent to them is written in theirs too
(`for_reader`). A meeting is held in its own zone; where the two differ, pages and emails give
both, so the Tokyo co-chair and the Boston alliance manager each see their own clock and the one
the meeting is called in.
"""

from __future__ import annotations

import contextlib
import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a time zone; use an IANA name such as Europe/London.")
            % {"value": value}
        ) from None


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    """The zones a person can choose: the IANA region/city names, by name, and UTC."""
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name
        and name.split("/", 1)[0]
        in {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian"}
        | {"Pacific"}
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


def reader_zone_name(user) -> str:
    """The zone `user` reads times in: their own, or the deployment's."""
    return getattr(user, "time_zone", "") or timezone.get_default_timezone_name()


@contextlib.contextmanager
def for_reader(user):
    """Write to `user` (an email, a document) in their language and time zone: their own, or
    the site's language and the deployment's zone."""
    with (
        translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE),
        timezone.override(zoneinfo.ZoneInfo(reader_zone_name(user))),
    ):
        yield


# --- Content written in several languages ------------------------------------------------------
# A text people write once for everyone (a survey question, its scale's descriptions) keeps its
# own-language versions beside it: {"ja": {"text": "…"}, "de": {"text": "…"}}. The source text
# stays the record (answers, audit and results refer to the object, never to a wording).


def translation_languages() -> list[str]:
    """The languages a text may carry translations into: every shipped one but the site's."""
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def in_reader_language(translations: dict | None, field: str, source):
    """`field` in the active language when `translations` has it, else the source."""
    language = (translation.get_language() or "").lower()
    for code in (language, language.split("-", 1)[0]):
        value = (translations or {}).get(code, {}).get(field)
        if value:
            return value
    return source


def validate_translations(value, fields: dict[str, type]) -> dict:
    """`value` cleaned: shipped languages only, known fields of the right type, blanks dropped.
    Raises ValidationError naming the language and field at fault."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValidationError(
            'Give translations as {"<language>": {"<field>": "<text>"}}, e.g. {"ja": {"text": "…"}}.'
        )
    allowed = translation_languages()
    cleaned: dict = {}
    for language, texts in value.items():
        if language not in allowed:
            raise ValidationError(
                f"“{language}” is not a language Accord ships; use one of {', '.join(allowed)}."
            )
        if not isinstance(texts, dict):
            raise ValidationError(f"{language}: give the translated fields as an object.")
        kept = {}
        for name, text in texts.items():
            kind = fields.get(name)
            if kind is None:
                raise ValidationError(
                    f"{language}: “{name}” cannot be translated; use {', '.join(fields)}."
                )
            if kind is str:
                if not isinstance(text, str):
                    raise ValidationError(f"{language}.{name}: give the translation as text.")
                text = text.strip()
            elif not isinstance(text, dict) or not all(isinstance(v, str) for v in text.values()):
                raise ValidationError(
                    f"{language}.{name}: give the translations as an object of texts."
                )
            else:
                text = {str(k): v.strip() for k, v in text.items() if v.strip()}
            if text:
                kept[name] = text
        if kept:
            cleaned[language] = kept
    return cleaned
