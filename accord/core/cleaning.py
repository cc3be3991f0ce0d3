"""Bad input, cleaned once for every form, serializer and writer.

Text: C0 control characters (ESC, BEL, NUL…, DEL), lone surrogates and the two Unicode
non-characters XML refuses cannot be stored in an XLSX, DOCX or PPTX file and break PDFs, so a
single one in a partner's issue title used to turn every export and dossier into a server error.
They are stripped from every Django form `CharField` and DRF `CharField` on input (tab, newline
and carriage return are kept), and again by each writer (`printable`) for what was stored before.

Dates: one window, `DATE_MIN`..`DATE_MAX`, for every form and serializer date and date-time and
for the date query parameters pages parse themselves (`parse_month`). Beyond it, arithmetic on
the value (a month later, a week before, a time zone away) overflows Python's date range.

`install()` runs once from CoreConfig.ready().
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)


def printable(value: str) -> str:
    """`value` without the characters no document format can hold (tab, CR and LF kept)."""
    return CONTROLS.sub("", value) if CONTROLS.search(value) else value


def safe_filename(name: str) -> str:
    """A download's file name for the Content-Disposition header: names built from stored
    text (a committee's name) may hold quotes, line breaks or anything else."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "download"


def out_of_window(value) -> bool:
    if isinstance(value, dt.datetime):
        value = value.date()
    return isinstance(value, dt.date) and not DATE_MIN <= value <= DATE_MAX


def date_window_message(name: str) -> str:
    return _("%(name)s: enter a date between %(min)s and %(max)s.") % {
        "name": name,
        "min": DATE_MIN.isoformat(),
        "max": DATE_MAX.isoformat(),
    }


def parse_month(raw: str, name: str = "month") -> dt.date | None:
    """A `YYYY-MM` query parameter as the month's first day; None when empty. Anything else,
    or a month outside the date window, is a ValidationError naming the parameter."""
    raw = (raw or "").strip()
    if not raw:
        return None
    message = _("%(name)s: enter a month as YYYY-MM between %(min)s and %(max)s.") % {
        "name": name,
        "min": f"{DATE_MIN:%Y-%m}",
        "max": f"{DATE_MAX:%Y-%m}",
    }
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", raw)
    if not match:
        raise ValidationError({name: message}, code="invalid")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or not DATE_MIN.year <= year <= DATE_MAX.year:
        raise ValidationError({name: message}, code="date_out_of_range")
    return dt.date(year, month, 1)


def _form_label(field) -> str:
    return str(field.label) if field.label else "Date"


def install() -> None:
    """Hook the cleaning into Django's and DRF's field classes (idempotent)."""
    from django import forms
    from rest_framework import fields as drf

    if getattr(forms.CharField, "_accord_cleaning", False):
        return

    # --- Django forms -------------------------------------------------------------------------
    char_to_python = forms.CharField.to_python

    def to_python(self, value):
        # Passwords are compared, not displayed: keep them exactly as typed.
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            value = printable(value)
        return char_to_python(self, value)

    forms.CharField.to_python = to_python
    forms.CharField._accord_cleaning = True

    def windowed(original):
        def to_python(self, value):
            try:
                result = original(self, value)
            except OverflowError:
                raise ValidationError(
                    date_window_message(_form_label(self)), code="date_out_of_range"
                ) from None
            if out_of_window(result):
                raise ValidationError(
                    date_window_message(_form_label(self)), code="date_out_of_range"
                )
            return result

        return to_python

    def labelled(original):
        # The field does not know its name; the bound field does: name it in the message.
        def _clean_bound_field(self, bf):
            try:
                return original(self, bf)
            except ValidationError as error:
                if getattr(error, "code", None) != "date_out_of_range":
                    raise
                raise ValidationError(
                    date_window_message(str(bf.label or bf.name)), code="date_out_of_range"
                ) from None

        return _clean_bound_field

    for cls in (forms.DateField, forms.DateTimeField):
        cls.to_python = windowed(cls.to_python)
        cls._clean_bound_field = labelled(cls._clean_bound_field)

    # --- Django REST framework ----------------------------------------------------------------
    char_run_validation = drf.CharField.run_validation

    def run_validation(self, data=drf.empty):
        if isinstance(data, str):
            data = printable(data)
        return char_run_validation(self, data)

    drf.CharField.run_validation = run_validation

    def drf_windowed(original):
        def to_internal_value(self, value):
            name = self.label or self.field_name or "Date"
            try:
                result = original(self, value)
            except OverflowError:
                raise drf.ValidationError(
                    date_window_message(name), code="date_out_of_range"
                ) from None
            if out_of_window(result):
                raise drf.ValidationError(date_window_message(name), code="date_out_of_range")
            return result

        return to_internal_value

    drf.DateField.to_internal_value = drf_windowed(drf.DateField.to_internal_value)
    drf.DateTimeField.to_internal_value = drf_windowed(drf.DateTimeField.to_internal_value)
