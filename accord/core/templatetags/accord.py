import html
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _sort_state(context, field: str):
    current = context["request"].GET.get("ordering", "")
    if current == field:
        return f"-{field}", " ▲", "ascending"
    if current == f"-{field}":
        return field, " ▼", "descending"
    return field, "", "none"


def _sort_anchor(context, field: str, label: str):
    target, arrow, _state = _sort_state(context, field)
    href = query(context, ordering=target)
    return format_html(
        '<a href="{}" hx-get="{}" hx-target="#results" hx-push-url="true">{}<span aria-hidden="true">{}</span></a>',
        href,
        href,
        label,
        arrow,
    )


@register.simple_tag(takes_context=True)
def sort_link(context, field: str, label: str):
    """A column heading's link that sorts by `field`, toggling the direction on a second click.
    Prefer sort_th, which also tells screen readers the column's sort state (aria-sort)."""
    return _sort_anchor(context, field, label)


@register.simple_tag(takes_context=True)
def sort_th(context, field: str, label: str, css_class: str = ""):
    """A whole sortable column header: <th aria-sort="ascending|descending|none"> around the
    sort link (aria-sort belongs on the header cell, not on the link)."""
    _target, _arrow, state = _sort_state(context, field)
    return format_html(
        '<th{} aria-sort="{}">{}</th>',
        format_html(' class="{}"', css_class) if css_class else "",
        state,
        _sort_anchor(context, field, label),
    )


@register.filter
def humanize_field(name: str) -> str:
    return name.replace("_musd", " (USD m)").replace("_pct", " (%)").replace("_", " ")


TIER_CLASSES = {1: "tier-1", 2: "tier-2", 3: "tier-3"}


@register.simple_tag
def tier_badge(alliance):
    title = (
        _("Overridden: %(reason)s") % {"reason": alliance.tier_override_reason}
        if alliance.tier_override
        else _("Computed score %(score)s") % {"score": alliance.tier_score}
    )
    mark = "*" if alliance.tier_override else ""
    return format_html(
        '<span class="badge {}" title="{}">{}{}</span>',
        TIER_CLASSES.get(alliance.tier, ""),
        title,
        _("Tier %(tier)s") % {"tier": alliance.tier},
        mark,
    )


# A list of choices longer than this is searched as the person types (data-typeahead); a
# shorter one is an ordinary drop-down, which also works without the script.
TYPEAHEAD_ABOVE = 200


@register.simple_tag
def filter_select(bound_field, empty_label="Any"):
    """One drop-down for a filter (the API also accepts several values; the page picks one)."""
    current = bound_field.value()
    if current is None:
        current = []
    elif not isinstance(current, list | tuple):
        current = [current]
    current = {str(value) for value in current}
    options = [format_html('<option value="">{}</option>', empty_label)]
    source = bound_field.field.widget.attrs.get("data-typeahead")
    if source and bound_field.field.queryset.count() > TYPEAHEAD_ABOVE:
        return _typeahead_select(bound_field, current, options, source)
    # Hundreds of options: escaped and joined directly (format_html per option was a quarter
    # of the portfolio list's time), with conditional_escape's rule (safe text kept as is).
    for value, label in bound_field.field.choices:
        value = str(value)
        if value == "":
            continue
        selected = " selected" if value in current else ""
        options.append(f'<option value="{_escaped(value)}"{selected}>{_escaped(label)}</option>')
    return format_html(
        '<div class="field"><label for="{}">{}</label><select name="{}" id="{}">{}</select></div>',
        bound_field.id_for_label,
        bound_field.label,
        bound_field.html_name,
        bound_field.id_for_label,
        mark_safe("".join(str(option) for option in options)),  # noqa: S308 - each part escaped above
    )


def _escaped(text) -> str:
    """conditional_escape's result as a plain str: safe text as is, anything else escaped."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


def _typeahead_select(bound_field, current, options, source):
    """A long list (thousands of alliances): only the chosen option is rendered; accord.js
    fetches matching options from `source` as the person types. The chosen one is looked up
    in the field's own (scoped) queryset, so an id out of scope shows nothing."""
    field = bound_field.field
    key = field.to_field_name or "pk"
    wanted = [value for value in current if value.isdigit() or key != "pk"]
    chosen = field.queryset.filter(**{f"{key}__in": wanted}) if wanted else []
    for obj in chosen:
        options.append(
            format_html(
                '<option value="{}" selected>{}</option>',
                getattr(obj, key),
                field.label_from_instance(obj),
            )
        )
    return format_html(
        '<div class="field"><label for="{}">{}</label><select name="{}" id="{}" '
        'data-typeahead="{}">{}</select></div>',
        bound_field.id_for_label,
        bound_field.label,
        bound_field.html_name,
        bound_field.id_for_label,
        source,
        mark_safe("".join(str(option) for option in options)),  # noqa: S308 - each part escaped above
    )


@register.filter
def field_errors(form) -> list[str]:
    """Every error of a form as 'Field label: message', for one summary box."""
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        label = label or name.replace("_", " ").capitalize()
        for error in errors:
            lines.append(error if name == "__all__" else f"{label}: {error}")
    return lines


ACTION_LABELS = {
    "create": "created",
    "update": "changed",
    "delete": "deleted",
    "retier": "re-tiered",
}


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action.replace("_", " "))


@lru_cache(maxsize=1024)
def _rendered(template: str, language: str | None, data: tuple) -> str:
    """A navigation template rendered once per process for each language and content: the
    sidebar and the alliance tabs are the same for everyone with the same links."""
    name, rows = data
    thawed = [
        {key: [dict(item) for item in value] if key == "items" else value for key, value in row}
        for row in rows
    ]
    return render_to_string(template, {name: thawed})


def _navigation(template: str, name: str, rows: list[dict]) -> str:
    frozen = tuple(
        tuple(
            (key, tuple(tuple(item.items()) for item in value) if key == "items" else value)
            for key, value in row.items()
        )
        for row in rows
    )
    html = _rendered(template, translation.get_language(), (name, frozen))
    return mark_safe(html)  # noqa: S308 - a rendered, autoescaped template


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The sidebar, in its groups, with only the links this person may open. Built (links
    reversed, labels translated, template rendered) once per process for each set of links,
    current link, language and script prefix: every page shows it."""
    from django.urls import get_script_prefix

    from accord.core import registry

    request = context["request"]
    user = request.user
    shown = tuple(
        (item, item.is_current(request.path))
        for _group, items in registry.nav_for(user)
        for item in items
    )
    html = _sidebar(shown, user.is_partner, translation.get_language(), get_script_prefix())
    return mark_safe(html)  # noqa: S308 - a rendered, autoescaped template


@lru_cache(maxsize=1024)
def _sidebar(shown: tuple, partner: bool, language: str | None, prefix: str) -> str:
    from django.urls import reverse

    groups: dict[str, list[dict]] = {}
    for item, current in shown:
        label = item.partner_label if partner and item.partner_label else item.label
        groups.setdefault(item.group, []).append(
            {"label": str(label), "url": reverse(item.url_name), "current": current}
        )
    rows = [{"label": str(group), "items": items} for group, items in groups.items()]
    return render_to_string("core/_nav.html", {"groups": rows})


@register.simple_tag(takes_context=True)
def alliance_tabs(context, alliance):
    from django.urls import reverse

    from accord.core import registry

    request = context["request"]
    tabs = []
    for tab in registry.for_user(registry.ALLIANCE_TABS, request.user):
        url = reverse(tab.url_name, args=[alliance.pk])
        current = request.path == url if tab.match == "" else tab.match in request.path
        tabs.append({"label": str(tab.label), "url": url, "current": current})
    return _navigation("core/_alliance_tabs.html", "tabs", tabs)


def _link_buttons(context, links, obj):
    """The buttons other apps add to a record's page, from `links` (a registry list), as the
    request's user may follow them."""
    from django.urls import reverse
    from django.utils.html import format_html_join

    from accord.core import registry

    shown = registry.for_user(links, context["request"].user)
    return format_html_join(
        "\n",
        '<a class="button" href="{}">{}</a>',
        ((reverse(link.url_name, args=[obj.pk]), link.label) for link in shown),
    )


@register.simple_tag(takes_context=True)
def meeting_links(context, meeting):
    """The buttons other apps add to a governance meeting's page (registry.MEETING_LINKS)."""
    from accord.core import registry

    return _link_buttons(context, registry.MEETING_LINKS, meeting)


@register.simple_tag(takes_context=True)
def issue_links(context, issue):
    """The buttons other apps add to a governance issue's page (registry.ISSUE_LINKS)."""
    from accord.core import registry

    return _link_buttons(context, registry.ISSUE_LINKS, issue)


def _render_panels(context, panels, name: str, obj):
    """Every panel of `panels` that has something to show this person about `obj`, rendered
    with `obj` under `name` and the panel's own context."""
    from django.template.loader import render_to_string
    from django.utils import timezone

    from accord.core import freshness, registry

    request = context["request"]
    user = request.user
    shown = registry.for_user(panels, user)
    # What the panels show is kept until anything changes (accord.core.freshness).
    contexts = freshness.kept(
        f"{name}-panels",
        user,
        (obj.pk, timezone.localdate()),
        lambda: [panel.context(obj, user) for panel in shown],
    )
    parts = []
    for panel, panel_context in zip(shown, contexts, strict=True):
        if panel_context is not None:
            parts.append(
                render_to_string(panel.template, {name: obj, **panel_context}, request=request)
            )
    return mark_safe("".join(parts))  # noqa: S308 - each panel is a rendered, autoescaped template


@register.simple_tag(takes_context=True)
def alliance_panels(context, alliance):
    """Render every registered overview panel that has something to show this person."""
    from accord.core import registry

    return _render_panels(context, registry.ALLIANCE_PANELS, "alliance", alliance)


@register.simple_tag(takes_context=True)
def program_panels(context, program):
    """Render every registered program panel that has something to show this person."""
    from accord.core import registry

    return _render_panels(context, registry.PROGRAM_PANELS, "program", program)


@register.filter
def money(amount, currency=""):
    """The one way pages print money: {{ amount|money:currency }} -> "USD 200.0m" (see
    accord/core/money.py)."""
    from accord.core.money import format_money

    return format_money(amount, currency or "")


@register.filter
def millions(amount):
    """An amount kept in millions in whole units, to pipe into money: {{ x|millions|money:"USD" }}."""
    from accord.core.money import from_millions

    return from_millions(amount)
