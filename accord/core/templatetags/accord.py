from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def sort_link(context, field: str, label: str):
    """A column heading that sorts by `field`, toggling the direction on a second click."""
    current = context["request"].GET.get("ordering", "")
    if current == field:
        target, arrow, state = f"-{field}", " ▲", "ascending"
    elif current == f"-{field}":
        target, arrow, state = field, " ▼", "descending"
    else:
        target, arrow, state = field, "", "none"
    href = query(context, ordering=target)
    return format_html(
        '<a href="{}" hx-get="{}" hx-target="#results" hx-push-url="true" aria-sort="{}">{}{}</a>',
        href,
        href,
        state,
        label,
        arrow,
    )


@register.filter
def humanize_field(name: str) -> str:
    return name.replace("_musd", " (USD m)").replace("_pct", " (%)").replace("_", " ")


TIER_CLASSES = {1: "tier-1", 2: "tier-2", 3: "tier-3"}


@register.simple_tag
def tier_badge(alliance):
    title = (
        "Overridden: " + alliance.tier_override_reason
        if alliance.tier_override
        else (f"Computed score {alliance.tier_score}")
    )
    mark = "*" if alliance.tier_override else ""
    return format_html(
        '<span class="badge {}" title="{}">Tier {}{}</span>',
        TIER_CLASSES.get(alliance.tier, ""),
        title,
        alliance.tier,
        mark,
    )


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
    for value, label in bound_field.field.choices:
        value = str(value)
        if value == "":
            continue
        options.append(
            format_html(
                '<option value="{}"{}>{}</option>',
                value,
                " selected" if value in current else "",
                label,
            )
        )
    return format_html(
        '<div class="field"><label for="{}">{}</label><select name="{}" id="{}">{}</select></div>',
        bound_field.id_for_label,
        bound_field.label,
        bound_field.html_name,
        bound_field.id_for_label,
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


@register.inclusion_tag("core/_nav.html", takes_context=True)
def main_nav(context):
    from django.urls import reverse

    from accord.core import registry

    request = context["request"]
    user = request.user
    items = [
        {
            "label": (item.partner_label if user.is_partner and item.partner_label else item.label),
            "url": reverse(item.url_name),
            "current": request.path.startswith(item.match),
        }
        for item in registry.for_user(registry.NAV, user)
    ]
    return {"items": items}


@register.inclusion_tag("core/_alliance_tabs.html", takes_context=True)
def alliance_tabs(context, alliance):
    from django.urls import reverse

    from accord.core import registry

    request = context["request"]
    tabs = []
    for tab in registry.for_user(registry.ALLIANCE_TABS, request.user):
        url = reverse(tab.url_name, args=[alliance.pk])
        current = request.path == url if tab.match == "" else tab.match in request.path
        tabs.append({"label": tab.label, "url": url, "current": current})
    return {"tabs": tabs}


@register.simple_tag(takes_context=True)
def alliance_panels(context, alliance):
    """Render every registered overview panel that has something to show this person."""
    from django.template.loader import render_to_string

    from accord.core import registry

    request = context["request"]
    parts = []
    for panel in registry.for_user(registry.ALLIANCE_PANELS, request.user):
        panel_context = panel.context(alliance, request.user)
        if panel_context is not None:
            parts.append(
                render_to_string(
                    panel.template, {"alliance": alliance, **panel_context}, request=request
                )
            )
    return mark_safe("".join(parts))  # noqa: S308 - each panel is a rendered, autoescaped template


@register.simple_tag(takes_context=True)
def program_panels(context, program):
    """Render every registered program panel that has something to show this person."""
    from django.template.loader import render_to_string

    from accord.core import registry

    request = context["request"]
    parts = []
    for panel in registry.for_user(registry.PROGRAM_PANELS, request.user):
        panel_context = panel.context(program, request.user)
        if panel_context is not None:
            parts.append(
                render_to_string(
                    panel.template, {"program": program, **panel_context}, request=request
                )
            )
    return mark_safe("".join(parts))  # noqa: S308 - each panel is a rendered, autoescaped template
