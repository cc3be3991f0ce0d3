"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accord.core import scoping

from .exceptions import ConflictError

# The widgets every app's forms use for dates and searchable multiple choices.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def multi_select(size: int = 6) -> forms.SelectMultiple:
    return forms.SelectMultiple(attrs={"size": size, "data-filterable": "true"})


def add_errors(form: forms.Form, error: ValidationError | ConflictError) -> None:
    """Attach an action's error to the form: to its field when the form has one."""
    if isinstance(error, ConflictError):
        form.add_error(None, str(error))
        return
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                if target is None and field not in ("__all__", None):
                    message = f"{field.replace('_', ' ').capitalize()}: {message}"
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ReasonForm(scoping.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=5,
        max_length=2000,
        help_text=_("Recorded in the audit trail."),
    )


def signing_password(help_text, **kwargs) -> forms.CharField:
    """The password that re-authenticates a signature: not required, since a fresh sign-in at
    the identity provider (accord.people.reauth) does instead."""
    return forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=help_text,
        **kwargs,
    )


def otp_code_field() -> forms.CharField:
    """The authenticator code that goes with a signature."""
    return forms.CharField(
        label=_("Authenticator code"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Required when you have set up an authenticator app."),
    )


class VersionField(forms.IntegerField):
    """The version of the record the editor loaded, echoed back to detect lost updates."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


class QuickSelect(forms.Select):
    """A drop-down of a few hundred options (territories) rendered in Python: Django renders
    each option through its own template, which costs more than the rest of a page. The same
    markup but for whitespace; no option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = [
            format_html(
                '<option value="{}"{}>{}</option>',
                str(option_value),
                " selected" if str(option_value) in chosen else "",
                label,
            )
            for option_value, label in self.choices
        ]
        final = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final),
            mark_safe("".join(options)),  # noqa: S308 - each option escaped above
        )
