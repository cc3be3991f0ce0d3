import math

import django_filters
from django.http import QueryDict


def drop_blank(query: QueryDict) -> QueryDict:
    """The query without empty values: a filter form submits "" for "any", which means no filter."""
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        kept = [value for value in values if value.strip() != ""]
        if kept:
            cleaned.setlist(key, kept)
    return cleaned


INT64_MAX = 2**63 - 1
OUT_OF_RANGE = "out-of-range"


class BoundedFilterSet(django_filters.FilterSet):
    """Numbers beyond what the database stores (ids past 64 bits, 1e300) are a filter error
    with the parameter's name, not a database overflow and a server error.

    Every record a filter takes by id is chosen among what the request's user may see
    (`accord.core.scoping.scoped`): an out-of-scope id gets exactly the missing id's answer,
    not an empty list that says the record exists. Filters on facts a partner user may not see
    (`internal_only`, `internal_orderings`) are neither offered to them nor applied if sent."""

    internal_only: tuple[str, ...] = ()
    internal_orderings: tuple[str, ...] = ()  # values of the `ordering` filter

    def __init__(self, data=None, *args, **kwargs):
        request = kwargs.get("request")
        user = getattr(request, "user", None)
        internal = bool(user is not None and getattr(user, "is_internal", False))
        if data is not None:
            data = self._bounded(data)
            if not internal:
                data = self._without_internal(data)
        super().__init__(data, *args, **kwargs)
        if not internal:
            for name in self.internal_only:
                self.filters.pop(name, None)
        for flt in self.filters.values():
            if isinstance(flt, django_filters.filters.QuerySetRequestMixin):
                flt.queryset = _scoped_choices(flt.queryset)

    def _without_internal(self, data):
        data = data.copy()
        for name in self.internal_only:
            data.pop(name, None)
        if self.internal_orderings and "ordering" in data:
            hidden = set(self.internal_orderings)
            values = data.getlist("ordering") if hasattr(data, "getlist") else [data["ordering"]]
            kept = [
                ",".join(
                    part for part in str(value).split(",") if part.strip().lstrip("-") not in hidden
                )
                for value in values
            ]
            kept = [value for value in kept if value]
            if hasattr(data, "setlist"):
                data.setlist("ordering", kept)
                if not kept:
                    data.pop("ordering")
            elif kept:
                data["ordering"] = kept[0]
            else:
                data.pop("ordering")
        return data

    # What the filters of many lists name as their `method`: the records the queryset answers
    # for a search, and (ticked) the user's own, as My week counts them.
    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_mine(self, queryset, name, value):
        return queryset.mine(self.request.user) if value else queryset

    @classmethod
    def _bounded(cls, data):
        numeric = (
            django_filters.ModelChoiceFilter,
            django_filters.ModelMultipleChoiceFilter,
            django_filters.NumberFilter,
        )
        data = data.copy()
        for name, flt in cls.base_filters.items():
            if not isinstance(flt, numeric) or name not in data:
                continue
            values = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
            bounded = [OUT_OF_RANGE if _out_of_range(value) else value for value in values]
            if hasattr(data, "setlist"):
                data.setlist(name, bounded)
            else:
                data[name] = bounded[0]
        return data


def yes_or_no(queryset, subset, value):
    """A yes/no filter: ticked, the records of `subset` (a narrowing of `queryset`); unticked,
    the others."""
    return subset if value else queryset.exclude(pk__in=subset.values("pk"))


class AllianceFilterSet(BoundedFilterSet):
    """Records of an alliance, narrowed to one by `?alliance=<id>`."""

    alliance = django_filters.NumberFilter(field_name="alliance_id")


def _scoped_choices(queryset):
    """A filter's queryset (or callable of the request) narrowed to the request user's scope."""

    def choices(request):
        from .scoping import scoped

        resolved = queryset(request) if callable(queryset) else queryset
        return scoped(resolved, getattr(request, "user", None))

    return choices


def _out_of_range(value) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False  # not a number: the field's own validation names the problem
    return not math.isfinite(number) or abs(number) > INT64_MAX
