"""Token scopes: a read-only token changes nothing, an alliance-limited token sees one
alliance's records, whatever its person may do or see.

Applied once for every API operation by `TokenScopePermission` (a default permission class), so
no viewset can forget it:

- a read-only token gets 403 on every unsafe method;
- for an alliance-limited token, the view's queryset is narrowed to records of those
  alliances (found by following the model's foreign keys to `Alliance`), a detail route whose
  object is outside them is a 404, and a write naming an out-of-scope related record is a 403;
- portfolio-wide operations (reports, aggregates, views without a model, views marked
  `portfolio_wide = True` such as the executive packs) refuse an alliance-limited token with a 403 rather than answer with other alliances' numbers.

It lives with the portfolio because the scope is the portfolio's alliances (and their members
and partners); settings name it in REST_FRAMEWORK's default permission classes.
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

READ_ONLY_MESSAGE = _("This token is read-only: it cannot change anything.")
PORTFOLIO_MESSAGE = _(
    "This token is limited to some alliances; portfolio-wide operations need a token that is "
    "not limited."
)
OUT_OF_SCOPE_MESSAGE = _("This token is limited to other alliances than the {field} you named.")
STANDARD_ACTIONS = {"list", "retrieve", "create", "update", "partial_update", "destroy"}
MAX_DEPTH = 3


def token_of(request):
    from accord.people.models import ApiToken

    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def alliance_ids_of(request) -> frozenset[int] | None:
    """The alliances the request's token is limited to, or None if it is not limited."""
    token = token_of(request)
    if token is None:
        return None
    if not hasattr(token, "_alliance_ids"):
        token._alliance_ids = frozenset(alliance.pk for alliance in token.alliances.all())
    return token._alliance_ids or None


@cache
def alliance_path(model) -> str | None:
    """The lookup from `model` to the alliance its rows belong to ("pk" for alliances), or
    None for records that belong to no alliance (the library, reference data)."""
    from .models import Alliance

    if model is Alliance:
        return "pk"
    user_model = get_user_model()
    frontier = [(model, "")]
    for _depth in range(MAX_DEPTH):
        following = []
        for current, prefix in frontier:
            fields = [
                field
                for field in current._meta.get_fields()
                if isinstance(field, models.ForeignKey | models.OneToOneField)
                and field.concrete
                and field.related_model is not user_model
            ]
            # The direct "alliance" link wins over one found through another record.
            fields.sort(key=lambda field: field.name != "alliance")
            for field in fields:
                if field.related_model is Alliance:
                    return f"{prefix}{field.name}"
            following += [(field.related_model, f"{prefix}{field.name}__") for field in fields]
        frontier = following
    return None


def scope_queryset(queryset, alliance_ids):
    """`queryset` narrowed to the records of `alliance_ids` (None: not narrowed)."""
    if alliance_ids is None:
        return queryset
    from .models import AllianceMember, AlliancePartner, Company

    model = queryset.model
    if model is get_user_model():
        members = AllianceMember.objects.filter(alliance_id__in=alliance_ids).values("user_id")
        return queryset.filter(pk__in=members)
    if model is Company:
        partners = AlliancePartner.objects.filter(alliance_id__in=alliance_ids)
        return queryset.filter(
            models.Q(kind=Company.Kind.OWN) | models.Q(pk__in=partners.values("company_id"))
        )
    path = alliance_path(model)
    if path is None:
        return queryset
    return queryset.filter(**{f"{path}__in": alliance_ids})


def _view_queryset(view):
    get_queryset = getattr(view, "get_queryset", None)
    if get_queryset is None:
        return None
    try:
        return get_queryset()
    except AssertionError:  # a generic view without a queryset
        return None


def _in_scope(queryset, pk, alliance_ids) -> bool:
    try:
        return scope_queryset(queryset, alliance_ids).filter(pk=pk).exists()
    except (TypeError, ValueError):
        return False  # a malformed id: the view answers it with its own 404


class TokenScopePermission(permissions.BasePermission):
    """Applies the request's token scopes to every operation (see the module docstring)."""

    def has_permission(self, request, view):
        token = token_of(request)
        if token is None:
            return True
        if token.read_only and request.method not in permissions.SAFE_METHODS:
            raise exceptions.PermissionDenied(READ_ONLY_MESSAGE)
        alliance_ids = alliance_ids_of(request)
        if alliance_ids is None:
            return True
        action = getattr(view, "action", None)
        if action in getattr(view, "token_scope_exempt_actions", ()):
            return True  # about the token's own person, never about an alliance
        queryset = _view_queryset(view)
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
        is_detail = lookup in view.kwargs
        # An empty placeholder queryset marks a view that computes its answer elsewhere (a
        # dashboard, a portfolio summary): nothing to narrow, so nothing to answer.
        placeholder = queryset is None or queryset.query.is_empty()
        portfolio_wide = getattr(view, "portfolio_wide", False)  # records of the whole portfolio
        if portfolio_wide or placeholder or not (action in STANDARD_ACTIONS or is_detail):
            raise exceptions.PermissionDenied(PORTFOLIO_MESSAGE)
        model = queryset.model
        global_record = alliance_path(model) is None and model not in _people_and_companies()
        if global_record and request.method not in permissions.SAFE_METHODS:
            raise exceptions.PermissionDenied(PORTFOLIO_MESSAGE)
        if is_detail and not _in_scope(queryset, view.kwargs[lookup], alliance_ids):
            raise exceptions.NotFound()
        if request.method not in permissions.SAFE_METHODS:
            self.check_related(request, model, alliance_ids)
        original = view.get_queryset
        view.get_queryset = lambda: scope_queryset(original(), alliance_ids)
        return True

    def check_related(self, request, model, alliance_ids):
        """A write may not name a record (the alliance, a program...) outside the token's scope."""
        data = request.data if hasattr(request.data, "get") else {}
        for name in list(data.keys()):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue  # not a model field: the serializer judges it
            if not isinstance(field, models.ForeignKey) or field.related_model is None:
                continue
            value = data.get(name)
            if value in (None, ""):
                continue
            related = field.related_model._default_manager.all()
            if not _in_scope(related, value, alliance_ids):
                raise exceptions.PermissionDenied(OUT_OF_SCOPE_MESSAGE.format(field=name))


def _people_and_companies():
    from .models import Company

    return {get_user_model(), Company}
