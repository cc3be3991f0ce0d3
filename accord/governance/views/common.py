"""Small helpers the governance pages share."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accord.core.exceptions import ConflictError
from accord.core.filtering import drop_blank
from accord.core.forms import add_errors
from accord.core.views import is_htmx, list_export, paginate, render_list


def attempt(request, form, do: Callable, *, success, then, rerender: Callable):
    """Validate `form` and run the action `do(cleaned_data)`.

    Success: flash `success` (text, or a function of the result) and redirect to `then` (a URL or
    object, or a function of the result). Failure: `rerender(status)` with the form's errors,
    400 for bad input and 409 for a concurrent edit.
    """
    status = 400
    if form.is_valid():
        try:
            result = do(form.cleaned_data)
        except ConflictError as error:
            add_errors(form, error)
            status = 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(then(result) if callable(then) else then)
    return rerender(status)


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


def filter_results(request, queryset, filter_class, defaults=None):
    """(filterset, results, status): the query applied, or nothing and 400 on a bad filter.

    `defaults` is the query applied when the page is opened without any parameters.
    """
    data = drop_blank(request.GET)
    if not request.GET and defaults:
        data = defaults
    filterset = filter_class(data or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, queryset.none(), 400
    return filterset, filterset.qs, 200


def filtered_list(request, queryset, filter_class, template, partial, extra=None, defaults=None):
    """A list page with a FilterSet (400 and an explanation on a bad filter), paginated, htmx-aware.

    `defaults` is the query applied when the page is opened without any parameters.
    """
    filterset, results, status = filter_results(request, queryset, filter_class, defaults)
    page = paginate(request, results)
    context = {"filter": filterset, "page": page, "total": page.paginator.count, **(extra or {})}
    if not is_htmx(request):
        narrow_choices(filterset)
    return render_list(request, template, partial, context, status=status)


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
