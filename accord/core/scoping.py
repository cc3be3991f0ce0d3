"""Choices and filters drawn only from what the user may see.

A choice field (a form's ModelChoiceField, a serializer's PrimaryKeyRelatedField, a filter's
ModelChoiceFilter) is a list of records: offered, it shows them; accepting an id, it says
whether that id exists. Drawn from `Model.objects.all()`, it lists firewalled programs to people
not cleared for them and tells an out-of-scope id from a missing one. So every such queryset goes
through `scoped()`: the model's own `visible_to(user)` when its QuerySet has one (programs,
alliances, register entries, people, ...); reference data without a scope (territories,
therapeutic areas, topics, AM teams) is the same for everyone.

Three mechanisms apply it everywhere rather than field by field:

- `ScopedChoicesMixin` (forms): every ModelChoiceField of the form, scoped from the form's
  `user` (or the signed-in user of the request being served, see `CurrentUserMiddleware`),
  just before the form validates or renders, so a subclass's `__init__` can narrow a queryset
  further and the scope still applies on top.
- `ScopedRelatedFieldsMixin` (serializers): every writable related field, scoped from the
  serializer context's request user.
- `accord.core.filtering.BoundedFilterSet`: every ModelChoiceFilter, scoped from the
  filterset's request user.

No user known (outside a request) means no choices: fail closed.
"""

from __future__ import annotations

from contextvars import ContextVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .visibility import built_once_per_request

_current_user: ContextVar = ContextVar("accord_current_user", default=None)


def current_user():
    """The signed-in user of the request being served (None outside a request)."""
    return _current_user.get()


class CurrentUserMiddleware:
    """Remembers the request's user for `ScopedChoicesMixin` forms built without one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_user.set(getattr(request, "user", None))
        try:
            with built_once_per_request(reads_only=request.method in ("GET", "HEAD")):
                return self.get_response(request)
        finally:
            _current_user.reset(token)


def has_scope(model) -> bool:
    """Whether records of this model are scoped per user (its QuerySet has `visible_to`)."""
    return callable(getattr(model._default_manager.get_queryset(), "visible_to", None))


def scoped(queryset: QuerySet, user) -> QuerySet:
    """`queryset` narrowed to what `user` may see (unchanged for unscoped reference data)."""
    if queryset is None:
        return queryset
    if not has_scope(queryset.model):
        return queryset
    if user is None or not getattr(user, "is_authenticated", False):
        return queryset.none()
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    # A queryset of a plain QuerySet class (e.g. built by a related manager): intersect.
    return queryset.filter(pk__in=queryset.model._default_manager.visible_to(user).values("pk"))


def _scope_field(field: forms.ModelChoiceField, user) -> None:
    # Scope once per queryset object: a subclass that sets a new queryset gets it scoped again.
    if getattr(field, "_accord_scoped", None) is field.queryset and field.queryset is not None:
        return
    field.queryset = scoped(field.queryset, user)
    field._accord_scoped = field.queryset


class ScopedChoicesMixin:
    """Every model choice of the form limited to what its user may see (see the module doc)."""

    def scope_user(self):
        user = getattr(self, "user", None)
        return user if user is not None else current_user()

    def scope_choices(self) -> None:
        user = self.scope_user()
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                _scope_field(field, user)

    def full_clean(self):
        self.scope_choices()
        return super().full_clean()

    def __getitem__(self, name):
        self.scope_choices()
        return super().__getitem__(name)


class Form(ScopedChoicesMixin, forms.Form):
    """A form whose model choices are scoped to the user (use instead of django.forms.Form)."""


class ModelForm(ScopedChoicesMixin, forms.ModelForm):
    """A model form whose choices are scoped to the user (instead of django.forms.ModelForm)."""


def request_user(context) -> object | None:
    request = context.get("request") if context else None
    return getattr(request, "user", None) if request is not None else None


class ScopedRelatedFieldsMixin:
    # Every writable related field of the serializer limited to what the request user sees.
    # (A comment, not a docstring: drf-spectacular would publish it as every serializer's
    # description in the OpenAPI schema.)

    def get_fields(self):
        from rest_framework import relations

        fields = super().get_fields()
        user = request_user(self.context)
        for field in fields.values():
            relation = (
                field.child_relation if isinstance(field, relations.ManyRelatedField) else field
            )
            if isinstance(relation, relations.RelatedField) and relation.queryset is not None:
                relation.queryset = scoped(relation.queryset, user)
        return fields


def _serializer_bases():
    from rest_framework import serializers

    # Serializers whose related fields are scoped to the request user (no docstrings: see
    # ScopedRelatedFieldsMixin).
    class Serializer(ScopedRelatedFieldsMixin, serializers.Serializer):
        pass

    class ModelSerializer(ScopedRelatedFieldsMixin, serializers.ModelSerializer):
        pass

    Serializer.__module__ = ModelSerializer.__module__ = __name__
    Serializer.__qualname__, ModelSerializer.__qualname__ = "Serializer", "ModelSerializer"
    return Serializer, ModelSerializer


Serializer, ModelSerializer = _serializer_bases()


def require_cleared(program, people, *, field: str) -> None:
    """Whoever a record about a firewalled program names (its owner, assignee, reviewers,
    recipients) must be cleared for that program: they would be sent or shown it otherwise."""
    from django.core.exceptions import ValidationError

    if program is None or not program.is_firewalled:
        return
    if people is None:
        return
    if not isinstance(people, list | tuple | set | frozenset):
        people = [people]
    cleared = set(program.firewall_members.values_list("pk", flat=True))
    for person in people:
        if person is not None and person.pk not in cleared:
            raise ValidationError(
                {
                    field: _("%(person)s is not cleared for the firewalled program “%(program)s”.")
                    % {"person": person, "program": program}
                }
            )
