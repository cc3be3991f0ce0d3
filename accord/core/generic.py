"""The shapes the server-rendered pages take again and again, written once.

A form page that runs an action (create, edit), the "are you sure?" page that deletes a record,
and a filtered and paginated list (an app's urls.py rows are in `routing`). The app keeps what is
its own (the access helper, the form, the action, the template, the messages); these functions
keep the order of things the same everywhere: fetch through the access helper (404 out of scope, 403
read-only), validate the form, run the action, flash, redirect; or the page again with the
errors (400), or with the record as it was saved meanwhile (409).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .exceptions import ConflictError
from .filtering import drop_blank
from .forms import add_errors, without_version
from .views import is_htmx, list_export, paginate, render_list

# --- Running an action from a form ----------------------------------------------------------


def perform(request, form, do: Callable, *, success, then, on_conflict: str = "error"):
    """Validate `form` and run the action `do(cleaned_data)`.

    On success, flash `success` (text, or a function of the action's result) and return the
    redirect to `then` (a URL, an object, or a function of the result). Otherwise return None
    with the problem on the form. After a concurrent edit `form.conflict` is set, to the error
    (`on_conflict="error"`), to the record as saved now (`"reload"`), or to that record with
    the form's version moved to it (`"overwrite"`): saving again then overwrites knowingly, the
    editor having seen the newer values.
    """
    form.conflict = None
    if not form.is_valid():
        return None
    try:
        result = do(form.cleaned_data)
    except ConflictError as error:
        add_errors(form, error)
        form.conflict = error
        if on_conflict != "error":
            form.conflict = type(error.obj).objects.get(pk=error.obj.pk)
        if on_conflict == "overwrite":
            form.data = form.data.copy()
            form.data["version"] = form.conflict.version
    except ValidationError as error:
        add_errors(form, error)
    else:
        messages.success(request, success(result) if callable(success) else success)
        return redirect(then(result) if callable(then) else then)
    return None


def form_status(form) -> int:
    """A form page's status: 409 after a concurrent edit, 400 with errors, else 200."""
    if getattr(form, "conflict", None) is not None:
        return 409
    return 400 if form.errors else 200


def attempt(request, form, do: Callable, *, success, then, rerender: Callable):
    """A form posted from a page (a button, a panel): run it as `perform` does; on failure
    `rerender(status)` the page with the form's errors, 400 for bad input and 409 for a
    concurrent edit."""
    response = perform(request, form, do, success=success, then=then)
    if response is not None:
        return response
    return rerender(409 if form.conflict is not None else 400)


def attempt_on(request, page: Callable, obj, key: str, form, do: Callable, success):
    """A form posted from the page of `obj`, `page(request, obj, forms, status)`: run as
    `attempt`, back to the record's page; on failure that page again with the form under
    `key`."""
    return attempt(
        request,
        form,
        do,
        success=success,
        then=obj.get_absolute_url(),
        rerender=lambda status: page(request, obj, {key: form}, status),
    )


def calling(action: Callable, /, *fields, versioned: bool = False, **given) -> Callable:
    """The `do(data)` of a form (for `perform`, `attempt`) that calls an action without a
    lambda: `action(**given)` with each of `fields` from the form's data under its own name (a
    field given as a pair, `("upload", "file")`, is the action's keyword and the form's field)
    and, when `versioned`, the version the form echoed as `expected_version`."""
    pairs = [field if isinstance(field, tuple) else (field, field) for field in fields]

    def do(data):
        values = {keyword: data[field] for keyword, field in pairs}
        if versioned:
            values["expected_version"] = data.get("version")
        return action(**given, **values)

    return do


def attempt_view(request, form, do: Callable, *, success, then, rerender: Callable):
    """A GET/POST form page whose every failed POST answers 400 (409 for a concurrent edit):
    GET `rerender(200)`, POST as `attempt`."""
    if request.method == "POST":
        return attempt(request, form, do, success=success, then=then, rerender=rerender)
    return rerender(200)


def flash(request, do: Callable, success) -> bool:
    """Run `do()` for a button without a form: a ValidationError becomes one error message (its
    messages joined), else `success` (text, or a function of the result) is flashed. Whether the
    action went through; the caller answers (a redirect, or the page again)."""
    try:
        result = do()
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def form_view(request, form, do: Callable, *, success, then, page: Callable, on_conflict="error"):
    """A GET/POST form page: the form, or (POST) the action run as `perform` does. `page(form)`
    renders the form; `form_status(form)` gives its status."""
    if request.method == "POST":
        response = perform(request, form, do, success=success, then=then, on_conflict=on_conflict)
        if response is not None:
            return response
    return page(form)


def render_form(request, template: str, context: dict, form, *, conflict_key: str | None = None):
    """The form page with `form` in the context (and, under `conflict_key`, the record as saved
    meanwhile), at `form_status(form)`."""
    context = {**context, "form": form}
    if conflict_key:
        context[conflict_key] = getattr(form, "conflict", None)
    return render(request, template, context, status=form_status(form))


def action_data(form) -> dict:
    """What a form gives its action: `form.action_data()` where the form says, else its
    cleaned data without the version it echoes."""
    if hasattr(form, "action_data"):
        return form.action_data()
    return without_version(form)


# --- One kind of record ---------------------------------------------------------------------


class Entity:
    """What the generic pages need to know of one kind of record, found by the house's names.

    Its access helper is `access.get_<prefix>_for_user(user, pk, write=False)` and its actions
    are `actions.<prefix>_create(*, actor, alliance, data)`,
    `<prefix>_update(*, actor, <name>=record, data, expected_version)` and
    `<prefix>_delete(*, actor, <name>=record, reason)`, where `prefix` is the `name` unless
    given (`royalty_report` for a `report`) and `name` is the keyword the actions take the
    record by, and the record's name in a page's context. `getter` names an access helper
    that does not follow the rule. `label` is how messages call it;
    `form_scope` names what the form is given besides the data: the record's `alliance`, the
    `user`.
    """

    def __init__(
        self,
        name: str,
        form: type,
        access,
        actions,
        *,
        label: str = "",
        prefix: str = "",
        getter: str = "",
        form_scope: tuple = ("alliance", "user"),
    ):
        self.name = name
        self.form = form
        self.label = label or name
        self.form_scope = form_scope
        prefix = prefix or name
        self.get = getattr(access, getter or f"get_{prefix}_for_user")
        self.create = getattr(actions, f"{prefix}_create", None)
        self.update = getattr(actions, f"{prefix}_update", None)
        self.delete = getattr(actions, f"{prefix}_delete", None)

    def updater(self, actor, obj) -> Callable:
        """The update action for `obj`, its actor and record given."""
        return partial(self.update, actor=actor, **{self.name: obj})

    def deleter(self, actor, obj) -> Callable:
        """The delete action for `obj`, its actor and record given: it takes the reason."""
        return partial(self.delete, actor=actor, **{self.name: obj})

    def bound_form(self, request, obj=None, **kwargs):
        """The record's form, bound to the POST (if any) and given what `form_scope` says."""
        if "alliance" in self.form_scope and "alliance" not in kwargs:
            kwargs["alliance"] = obj.alliance
        if "user" in self.form_scope:
            kwargs.setdefault("user", request.user)
        if obj is not None:
            kwargs["instance"] = obj
        return self.form(request.POST or None, **kwargs)


def entity_of(entities: dict, kind: str, message: str) -> Entity:
    """The Entity an address's `<kind>` names, or a 404."""
    if kind not in entities:
        raise Http404(message)
    return entities[kind]


def edit_page(
    request,
    entity: Entity,
    obj,
    template: str,
    *,
    context=None,
    then=None,
    success=None,
    on_conflict="overwrite",
    form=None,
):
    """The edit page of a versioned record: its form (the entity's, unless given); POST runs
    the update action with the form's action data and the version it echoed, flashes
    `success` ("<Label> saved.") and goes to `then` (the record's page). The page's context is
    `context` ({<name>: record}) and the form; after a concurrent edit the record as saved now
    is under `conflict` (unless `on_conflict="error"`, where the form says it all)."""
    if form is None:
        form = entity.bound_form(request, obj)
    update = entity.updater(request.user, obj)
    return form_view(
        request,
        form,
        lambda data: update(data=action_data(form), expected_version=data.get("version")),
        success=success or _("%(what)s saved.") % {"what": str(entity.label).capitalize()},
        then=obj if then is None else then,
        page=partial(
            render_form,
            request,
            template,
            {entity.name: obj} if context is None else context,
            conflict_key=None if on_conflict == "error" else "conflict",
        ),
        on_conflict=on_conflict,
    )


def detail_view(get: Callable, page: Callable):
    """A view of `…/<pk>/`: the record through its access helper `get(user, pk)` (404 out of
    scope), shown by `page(request, record)`."""

    @require_GET
    def view(request, pk):
        return page(request, get(request.user, pk))

    return view


def edit_view(entity: Entity, template: str, **options):
    """A view of `…/<pk>/edit/`: the record fetched for writing, then `edit_page`."""

    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        obj = entity.get(request.user, pk, write=True)
        return edit_page(request, entity, obj, template, **options)

    return view


def create_page(
    request,
    entity: Entity,
    alliance,
    template: str,
    *,
    context=None,
    success=None,
    then=None,
    form=None,
    conflict_key=None,
):
    """The "new" page of a record of an alliance: the entity's form (unless given); POST runs
    the create action with the form's action data, flashes `success` ("<Label> “record”
    added.") and goes to `then` (the new record's page). The context is `context`
    ({"alliance": alliance}) and the form."""
    if form is None:
        form = entity.bound_form(request, alliance=alliance)
    return form_view(
        request,
        form,
        lambda data: entity.create(actor=request.user, alliance=alliance, data=action_data(form)),
        success=success
        or (
            lambda obj: (
                _("%(what)s “%(obj)s” added.")
                % {"what": str(entity.label).capitalize(), "obj": obj}
            )
        ),
        then=then or (lambda obj: obj),
        page=partial(
            render_form,
            request,
            template,
            {"alliance": alliance} if context is None else context,
            conflict_key=conflict_key,
        ),
    )


def delete_page(
    request,
    obj,
    delete: Callable,
    *,
    form_class,
    success,
    then,
    cancel_url: str | None = None,
    invalid_status: int = 400,
):
    """The "are you sure?" page of a delete: a reason (and a confirmation box), then
    `delete(reason=...)`; a refusal (ValidationError) comes back on the form. `cancel_url` is
    the record's page unless given; `invalid_status` is the page's status when the form has
    errors (the portfolio's own pages answer 200)."""
    form = form_class(request.POST or None)
    if request.method == "POST":
        response = perform(
            request, form, lambda data: delete(reason=data["reason"]), success=success, then=then
        )
        if response is not None:
            return response
    cancel_url = obj.get_absolute_url() if cancel_url is None else cancel_url
    return render(
        request,
        "portfolio/confirm_delete.html",
        {"form": form, "object": obj, "cancel_url": cancel_url},
        status=invalid_status if form.errors else 200,
    )


def delete_entity(request, entity: Entity, obj, *, form_class, then, success=None, **options):
    """`delete_page` for an entity's record: its delete action, and "<Label> “record”
    deleted." unless `success` says otherwise."""
    return delete_page(
        request,
        obj,
        entity.deleter(request.user, obj),
        form_class=form_class,
        success=success
        or _("%(what)s “%(obj)s” deleted.") % {"what": str(entity.label).capitalize(), "obj": obj},
        then=then,
        **options,
    )


def delete_view(
    entity: Entity,
    *,
    form_class,
    then: Callable,
    allowed: Callable | None = None,
    refused="",
    success: Callable | None = None,
    cancel: Callable | None = None,
    **options,
):
    """A view of `…/<pk>/delete/`: the record fetched for writing, `allowed(user, record)`
    checked (else a 403 saying `refused`), then `delete_entity` going to `then(record)`;
    `success(record)` and `cancel(record)` give the message and the cancel link where the
    defaults do not do."""

    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        obj = entity.get(request.user, pk, write=True)
        if allowed is not None and not allowed(request.user, obj):
            raise PermissionDenied(str(refused))
        more = dict(options)
        if success is not None:
            more["success"] = success(obj)
        if cancel is not None:
            more["cancel_url"] = cancel(obj)
        return delete_entity(request, entity, obj, form_class=form_class, then=then(obj), **more)

    return view


# --- Lists ----------------------------------------------------------------------------------


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


def list_page(request, found, template, partial_template, extra=None, *, shape=None):
    """A filtered list page from `found` = (filterset, results, status): paginated, the whole
    page or (htmx) just the results; `shape(filterset)` adjusts the full page's filter form.
    `extra` is more context: a dict, or a function of the page shown."""
    filterset, results, status = found
    page = paginate(request, results)
    context = {"filter": filterset, "page": page, "total": page.paginator.count}
    context.update((extra(page) if callable(extra) else extra) or {})
    if shape is not None and not is_htmx(request):
        shape(filterset)
    return render_list(request, template, partial_template, context, status=status)


def list_views(
    found: Callable,
    template: str,
    partial: str,
    *,
    sheet,
    extra=None,
    shape: Callable | None = None,
    export_context: Callable | None = None,
    export_found: Callable | None = None,
):
    """The list page of one kind of record and its XLSX export, both from `found(request)`,
    the filtered result (filterset, results, status), so the export holds what the list
    shows. `extra(request)` is the page's further context (a dict, or a function of the page
    shown); `sheet` the export's (filename, title, headers, rows), or `sheet(request, results)`
    answering a workbook built its own way. `shape(filterset)` adjusts
    the filter form of the full page (the list's, and the export's on a bad filter),
    `export_context(request)` is the context of that export's page, and `export_found` is the
    export's `found` where it reads more of each record than the page shows."""

    @require_GET
    def list_view(request):
        more = extra(request) if extra is not None else None
        return list_page(request, found(request), template, partial, more, shape=shape)

    @require_GET
    def export_view(request):
        result = (export_found or found)(request)
        if shape is not None and result[2] != 200:
            shape(result[0])
        if callable(sheet):
            if result[2] == 200:
                return sheet(request, result[1])
            workbook = None
        else:
            filename, title, headers, rows = sheet
            workbook = (filename, str(title), headers, rows)
        context = export_context(request) if export_context is not None else None
        return list_export(request, result, template, sheet=workbook, context=context)

    return list_view, export_view
