"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accord.core import scoping

from .exceptions import ConflictError

# The widgets every app's forms use for dates and searchable multiple choices.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def multi_select(size: int = 6) -> forms.SelectMultiple:
    return forms.SelectMultiple(attrs={"size": size, "data-filterable": "true"})


def without_version(form) -> dict:
    """A form's cleaned data without the version it echoes: what its action takes."""
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


class EntryForm(scoping.ModelForm):
    """The form of a record its action creates or updates from the cleaned data (without the
    version the form echoes)."""

    def action_data(self) -> dict:
        return without_version(self)


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


# --- Drop-downs rendered without a template per option -------------------------------------------
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs) -> str:
    """Django's widgets/attrs.html: ` name="value"` each, a bare name for True, none for False."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict) -> str | None:
    """Django's widgets/select.html and select_option.html for `widget` (a Select's context),
    byte for byte, in plain Python; None when an option has a template of its own. A person
    picker of 150 people rendered 150 option templates: a quarter of a page's work."""
    parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', localize(group_name)))
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    option["value"],
                    mark_safe(_attrs(option["attrs"])),  # noqa: S308 - escaped by _attrs
                    localize(option["label"]),
                )
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")  # the renderer strips the template's last newline
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


class FormRenderer(DjangoTemplates):
    """Django's default form renderer, with drop-downs built by `render_select`."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
