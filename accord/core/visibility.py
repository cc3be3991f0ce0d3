"""Who sees which rows: the alliance and firewall rule, written once for every app's `visible_to`.

A record is seen by a signed-in, active person when
  - it is internal (`internal_only`) and they are our staff, or it is not internal;
  - its alliance (`alliance`, a lookup path) is one they may see: staff see every alliance,
    a partner user only those whose team they are on (records without an alliance: staff
    only, and only where `unallied` says such records exist);
  - none of its programs (`program`, one lookup path or several) is a firewalled program they
    are not cleared for, whatever their role;
  - it passes what partner users are shown of it (`partner`: a Q, or a callable narrowing the
    queryset), for partner users only;
  - its parents (`follows`, and `follows_optional` when set) are visible to them too.

Core cannot import the portfolio (accord/core/tests/test_import_graph.py): who sees which
alliance and which firewalled programs a person is not cleared for are asked through
`accord.core.registry.scope()`, which accord.portfolio registers in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import EmptyResultSet
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from .registry import scope

# Within a request (accord.core.scoping.CurrentUserMiddleware), the subqueries `built_once` made
# for each person (the programs they are not cleared for, a parent's visible set, a partner's
# governance alliances, the alliances they see), kept for the request's length: an overview asks
# `visible()` some twenty-five times for the same person. Each is built and compiled to SQL once
# and that SQL is placed into every statement that uses it (compiling the ORM's nested subqueries
# again for each statement was a third of an overview's work), so nothing read from the database
# is kept: the database still runs the subquery inside each statement.
_built: ContextVar[dict | None] = ContextVar("accord_visibility_built", default=None)


# Within a request that writes nothing (GET, HEAD), a few small reads several parts of a page ask
# for alike (a settings row, whether the viewer runs the alliance), read once: `read_once`.
_read: ContextVar[dict | None] = ContextVar("accord_read_once", default=None)


@contextmanager
def built_once_per_request(*, reads_only: bool = False):
    token = _built.set({})
    read_token = _read.set({} if reads_only else None)
    try:
        yield
    finally:
        _read.reset(read_token)
        _built.reset(token)


def read_once(key: tuple, read: Callable[[], object]):
    """`read()`, kept for the rest of a request that writes nothing, under `key` (a tuple that
    names everything the answer depends on); read afresh everywhere else, so a request that
    changes what it reads sees the change."""
    kept = _read.get()
    if kept is None:
        return read()
    if key not in kept:
        kept[key] = read()
    return kept[key]


def forget_read(key: tuple) -> None:
    """Read `key` afresh from now on in this request (what it names has just changed)."""
    kept = _read.get()
    if kept is not None:
        kept.pop(key, None)


def built_once(name: str, user, build: Callable[[], QuerySet]) -> QuerySet | RawSQL | list:
    """`build()`, a queryset of one column about `user` used as an `__in` subquery, built and
    compiled once per request (the database still runs it inside each statement that uses it:
    nothing read is kept). Outside a request, the queryset itself."""
    built = _built.get()
    if built is None or user.pk is None:
        return build()
    key = (name, user.pk)
    if key not in built:
        # The ORM's own compiled statement and its parameters: nothing of the input is in the SQL.
        try:
            built[key] = RawSQL(*build().query.sql_with_params())  # noqa: S611
        except EmptyResultSet:  # nothing at all (`.none()`): `__in` an empty list, as Django does
            built[key] = []
    return built[key]


def uncleared(user) -> QuerySet:
    """The pks of the firewalled programs this person is not cleared for (any role)."""
    return built_once("uncleared", user, lambda: scope().uncleared_programs(user).values("pk"))


def _alliances_seen(user) -> QuerySet | RawSQL:
    """The pks of the alliances this person sees (the portfolio's rule, through `scope()`)."""
    return built_once("alliances", user, lambda: scope().alliances(user).values("pk"))


def _paths(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _parent_visible(qs: QuerySet, path: str, user) -> QuerySet:
    related = qs.model._meta.get_field(path).related_model
    return built_once(
        f"visible:{related._meta.label}",
        user,
        lambda: related._default_manager.visible_to(user).values("pk"),
    )


class VisibleQuerySet(QuerySet):
    """A queryset whose `visible_to(user)` is `visible()` with the class's `visibility` (the
    keywords above: `alliance`, `program`, `internal_only`, `follows`...)."""

    visibility: dict = {}

    def visible_to(self, user):
        return visible(self, user, **self.visibility)


def visible(
    qs: QuerySet,
    user,
    *,
    alliance: str | None = None,
    program: str | Iterable[str] | None = None,
    internal_only: bool = False,
    unallied: bool = False,
    partner: Q | Callable[[QuerySet], QuerySet] | None = None,
    follows: str | Iterable[str] | None = None,
    follows_optional: str | Iterable[str] | None = None,
) -> QuerySet:
    """`qs` narrowed to what `user` may see (see the module's docstring for the rule)."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if internal_only and not user.is_internal:
        return qs.none()
    for path in _paths(follows):
        qs = qs.filter(**{f"{path}__in": _parent_visible(qs, path, user)})
    for path in _paths(follows_optional):
        qs = qs.filter(
            Q(**{f"{path}__isnull": True}) | Q(**{f"{path}__in": _parent_visible(qs, path, user)})
        )
    if alliance:
        seen = Q(**{f"{alliance}__in": _alliances_seen(user)})
        if unallied and user.is_internal:
            seen |= Q(**{f"{alliance}__isnull": True})
        qs = qs.filter(seen)
    programs = _paths(program)
    if programs:
        hidden = uncleared(user)
        for path in programs:
            qs = qs.exclude(**{f"{path}__in": hidden})
    if partner is not None and not user.is_internal:
        qs = partner(qs) if callable(partner) else qs.filter(partner)
    return qs
