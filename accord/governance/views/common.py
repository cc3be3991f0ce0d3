"""Small helpers the governance pages share."""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accord.core.generic import attempt_view, filter_results, list_views


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


def governance_lists(
    name, records, filter_class, *, sheet, context, more=None, defaults=None, related=("program",)
):
    """The portfolio-wide list of one kind of governance record and its XLSX export (core's
    `list_views`): `records(user)` filtered by `filter_class` (`defaults` when the page is
    opened without any parameters), the drop-downs narrowed to what can match (400 and an
    explanation on a bad filter). `context()` is what the list page and the export's page
    show, `more(request)` what the list page adds; the export reads the `related` records
    with each."""

    def finder(*related):
        def found(request):
            queryset = records(request.user)
            if related:
                queryset = queryset.select_related(*related)
            return filter_results(request, queryset, filter_class, defaults)

        return found

    def page(request):
        return {**context(), **(more(request) if more is not None else {})}

    def export_page(request):
        # The page's filter form and "Clear" go back to the list, not to this address.
        return {"list_url": request.path.removesuffix("export.xlsx"), **context()}

    return list_views(
        finder(),
        f"governance/{name}_list.html",
        f"governance/_{name}_results.html",
        sheet=sheet,
        extra=page,
        shape=narrow_choices,
        export_context=export_page,
        export_found=finder(*related),
    )


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
