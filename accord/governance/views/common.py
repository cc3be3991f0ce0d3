"""Small helpers the governance pages share."""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accord.core.generic import attempt_view, filter_results, list_page
from accord.core.views import list_export


def form_page(request, form, *, title, alliance, submit, cancel, status=200, intro=""):
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "title": title,
            "alliance": alliance,
            "submit": submit,
            "cancel": cancel,
            "intro": intro,
        },
        status=status,
    )


def form_view(request, form, do: Callable, *, success, then, **page):
    """A governance form page (`page`: title, alliance, submit, cancel, intro) whose POST runs
    the action `do(cleaned_data)`, as `accord.core.generic.attempt_view`."""
    return attempt_view(
        request,
        form,
        do,
        success=success,
        then=then,
        rerender=lambda status: form_page(request, form, status=status, **page),
    )


def editor(entity, *, title, submit, success=None):
    """The edit page of one kind of record (an `accord.core.generic.Entity`) as a governance
    form page: `title` is formatted with the record (as `record` and under the entity's name),
    `success` is flashed ("Saved." unless given) and the page goes back to the record."""

    @require_http_methods(["GET", "POST"])
    def edit(request, pk):
        obj = entity.get(request.user, pk, write=True)
        form = entity.bound_form(request, obj)
        update = entity.updater(request.user, obj)
        return form_view(
            request,
            form,
            lambda data: update(data=form.action_data(), expected_version=data.get("version")),
            success=_("Saved.") if success is None else str(success),
            then=obj.get_absolute_url(),
            title=title % {"record": obj, entity.name: obj},
            alliance=obj.alliance,
            submit=submit,
            cancel=obj.get_absolute_url(),
        )

    return edit


def filtered_list(request, queryset, filter_class, template, partial, extra=None, defaults=None):
    """A list page with a FilterSet (400 and an explanation on a bad filter), paginated, htmx-aware.

    `defaults` is the query applied when the page is opened without any parameters.
    """
    found = filter_results(request, queryset, filter_class, defaults)
    return list_page(request, found, template, partial, extra, shape=narrow_choices)


def filtered_export(request, queryset, filter_class, template, *, sheet, extra=None, defaults=None):
    """The whole filtered list (every page) as XLSX: the same scoping, filter and defaults as the
    list page, and the page with the filter's errors (400) on a bad filter."""
    found = filter_results(request, queryset, filter_class, defaults)
    if found[2] != 200:
        narrow_choices(found[0])
    # The page's filter form and "Clear" go back to the list, not to this address.
    context = {"list_url": request.path.removesuffix("export.xlsx"), **(extra or {})}
    return list_export(request, found, template, sheet=sheet, context=context)


def narrow_choices(filterset) -> None:
    """Offer in the drop-downs only what can match: alliances that have governance bodies, and
    the bodies of the chosen alliance. Filtering is done by now; this shapes the page only, so
    the API (and a hand-written address) still accept any alliance or body in scope."""
    from django.db.models import Exists, OuterRef, Q

    from ..models import Committee

    fields = filterset.form.fields
    data = filterset.form.data
    chosen_alliance = data.get("alliance", "")
    chosen_alliance = int(chosen_alliance) if str(chosen_alliance).isdigit() else None
    if "alliance" in fields:
        has_bodies = Exists(Committee.objects.filter(alliance=OuterRef("pk")))
        fields["alliance"].queryset = fields["alliance"].queryset.filter(
            has_bodies | Q(pk=chosen_alliance)
        )
    for name in ("committee", "level"):
        if name in fields:
            chosen = data.get(name, "")
            chosen = int(chosen) if str(chosen).isdigit() else None
            fields[name].queryset = fields[name].queryset.filter(
                Q(alliance_id=chosen_alliance) | Q(pk=chosen)
            )
