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
    with the parameter's name, not a database overflow and a server error."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = self._bounded(data)
        super().__init__(data, *args, **kwargs)

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


def _out_of_range(value) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False  # not a number: the field's own validation names the problem
    return not math.isfinite(number) or abs(number) > INT64_MAX
