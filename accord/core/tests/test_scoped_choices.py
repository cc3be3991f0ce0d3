"""Class test: no form or serializer offers or accepts a record its user may not see.

Every page of the authorization matrix is rendered as every persona, recording each model
choice a form offered (the filters' forms included); every serializer of the API is built for
every persona and each writable related field's queryset read. Each choice must be visible to
the persona (`visible_to`), or come from reference data that is the same for everyone. Then an
out-of-scope id is submitted to each of those fields and must be refused with exactly the
message a missing id gets.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import get_resolver
from rest_framework import relations, serializers
from rest_framework.request import Request

from accord.conftest import api_client, login
from accord.core.models import AuditEvent
from accord.core.scoping import has_scope

from .scoping_walk import (
    PEOPLE_PERSONAS,
    REFERENCE_DATA,
    WALK_KEY,
    forget_visible,
    held_walk,
    hidden_instance,
    label,
    missing_pk,
    normalise,
    visible_pks,
)

# No module-wide django_db mark: the walk's test enters its held world (accord/conftest.py)
# before the test's own transaction; the others have the database through `world`.


def _form_value(field, obj):
    return str(getattr(obj, field.to_field_name) if field.to_field_name else obj.pk)


def _form_error(field, value) -> str:
    try:
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.clean([value])
        else:
            field.clean(value)
    except ValidationError as error:
        return " ".join(error.messages)
    return "accepted"


@pytest.fixture
def walked(held_worlds, db):
    """The persona world and every page's and list's walk, shared with test_filter_oracles."""
    return held_worlds.require(WALK_KEY)


@pytest.mark.slow  # sweeps every page, persona or operation
@pytest.mark.xdist_group(WALK_KEY)
@pytest.mark.held_world(WALK_KEY, build=held_walk)
def test_every_form_choice_offered_on_any_page_is_visible_to_the_person(walked, settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"
    forget_visible()
    world, every_get = walked
    offered = [(row, entry) for row, entry in every_get if not row.api]  # the pages' walk
    leaks, unscoped, fields = [], set(), {}
    for _row, entry in offered:
        user = world.persona(entry.persona)
        for field, obj in entry.choices:
            model = type(obj)
            if not has_scope(model):
                if label(model) not in REFERENCE_DATA:
                    unscoped.add(label(model))
                continue
            if obj.pk not in visible_pks(model, user):
                leaks.append(f"{entry.persona} on {entry.path}: {label(model)} {obj.pk} ({obj})")
            fields.setdefault((entry.persona, label(model), type(field).__name__), (field, user))
    assert not unscoped, (
        "Choices from models without visible_to(); give them a scope or list them in "
        f"REFERENCE_DATA if they are the same for everyone: {sorted(unscoped)}"
    )
    assert not leaks, "Choices the person may not see:\n" + "\n".join(sorted(set(leaks)))
    # The walk saw the forms this test is about (a walk that rendered nothing proves nothing).
    offered_models = {model for _persona, model, _kind in fields}
    assert {"portfolio.program", "portfolio.alliance", "people.user"} <= offered_models
    assert "contracts.right" in offered_models

    differences = []
    for (persona, model_label, _kind), (field, user) in sorted(fields.items(), key=str):
        model = field.queryset.model
        hidden = hidden_instance(model, user)
        if hidden is None:
            continue
        missing = missing_pk(model)
        hidden_value, missing_value = _form_value(field, hidden), str(missing)
        out_of_scope = normalise(_form_error(field, hidden_value), hidden_value)
        absent = normalise(_form_error(field, missing_value), missing_value)
        if out_of_scope != absent:
            differences.append(f"{persona} {model_label}: {out_of_scope!r} vs {absent!r}")
    assert not differences, "Out of scope is not refused like missing:\n" + "\n".join(differences)


def _serializer_classes():
    get_resolver().url_patterns

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {
            cls
            for cls in subclasses(serializers.BaseSerializer)
            if cls.__module__.startswith("accord.") and ".tests" not in cls.__module__
        },
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def _api_request(user):
    request = Request(RequestFactory().post("/api/v1/"))
    request.user = user
    return request


def _writable_relations(serializer):
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        relation = field.child_relation if isinstance(field, relations.ManyRelatedField) else field
        if isinstance(relation, relations.RelatedField):
            yield name, relation


def _api_error(relation, value) -> str:
    try:
        relation.to_internal_value(value)
    except serializers.ValidationError as error:
        return " ".join(str(message) for message in error.detail)
    return "accepted"


def test_every_serializer_related_field_draws_from_what_the_requester_may_see(world):
    classes = _serializer_classes()
    assert len(classes) > 50  # the whole API, not an import that found nothing
    leaks, unscoped, differences, checked = [], set(), [], set()
    for cls in classes:
        if issubclass(cls, serializers.ListSerializer):
            continue
        if issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta"):
            continue  # an abstract base: its subclasses are walked
        for persona in PEOPLE_PERSONAS:
            user = world.persona(persona)
            serializer = cls(context={"request": _api_request(user)})
            for name, relation in _writable_relations(serializer):
                where = f"{cls.__module__}.{cls.__qualname__}.{name}"
                queryset = relation.get_queryset()
                model = queryset.model
                if not has_scope(model):
                    if label(model) not in REFERENCE_DATA:
                        unscoped.add(f"{where} ({label(model)})")
                    continue
                checked.add(label(model))
                offered = set(queryset.values_list("pk", flat=True))
                extra = offered - visible_pks(model, user)
                if extra:
                    leaks.append(f"{persona}: {where} offers {label(model)} {sorted(extra)}")
                hidden = hidden_instance(model, user)
                if hidden is None or not isinstance(relation, relations.PrimaryKeyRelatedField):
                    continue
                missing = missing_pk(model)
                out_of_scope = normalise(_api_error(relation, hidden.pk), hidden.pk)
                absent = normalise(_api_error(relation, missing), missing)
                if out_of_scope != absent:
                    differences.append(f"{persona}: {where}: {out_of_scope!r} vs {absent!r}")
    assert not unscoped, f"Related fields over models without visible_to(): {sorted(unscoped)}"
    assert not leaks, "Related fields accept what the requester may not see:\n" + "\n".join(leaks)
    assert not differences, "Out of scope is not refused like missing:\n" + "\n".join(differences)
    assert {"portfolio.program", "portfolio.alliance", "people.user", "contracts.right"} <= checked


# --- The reported leak, end to end ----------------------------------------------------------


@pytest.fixture
def register(world):
    from accord.contracts.tests import factories

    agreement = factories.agreement(world.alliance_a, actor=world.manager_a)
    hidden_right = factories.right(
        agreement, title="A2 option", actor=world.manager_a, program=world.program_a2
    )
    return agreement, hidden_right


def _obligation(agreement, right_id):
    return {
        "agreement": agreement.pk,
        "title": "Notice before the option",
        "section": "§ 6.1",
        "owed_by": "us",
        "category": "reporting",
        "rule": "notice",
        "notice_reference_right": right_id,
        "notice_days": "30",
        "time_zone": "UTC",
    }


@pytest.mark.parametrize("persona", ["admin", "leader"])
def test_the_obligation_form_neither_offers_nor_takes_a_firewalled_right(world, register, persona):
    from accord.contracts.models import Obligation, Right

    agreement, hidden_right = register
    client = login(world.persona(persona))
    url = f"/alliances/{world.alliance_a.pk}/contracts/obligation/new/"
    page = client.get(url).content.decode()
    assert "A2 option" not in page
    before = (Obligation.objects.count(), AuditEvent.objects.count())
    missing = Right.objects.order_by("-pk").first().pk + 1000
    refused = client.post(url, _obligation(agreement, hidden_right.pk))
    absent = client.post(url, _obligation(agreement, missing))
    assert refused.status_code == absent.status_code == 400
    errors = refused.context["form"].errors["notice_reference_right"]
    assert errors == absent.context["form"].errors["notice_reference_right"]
    assert errors == ["Select a valid choice. That choice is not one of the available choices."]
    assert (Obligation.objects.count(), AuditEvent.objects.count()) == before


def test_the_obligation_api_refuses_a_firewalled_right_like_a_missing_one(world, register):
    from accord.contracts.models import Obligation, Right

    agreement, hidden_right = register
    client = api_client(world.leader)
    missing = Right.objects.order_by("-pk").first().pk + 1000
    before = (Obligation.objects.count(), AuditEvent.objects.count())
    answers = []
    for right_id in (hidden_right.pk, missing):
        payload = {**_obligation(agreement, right_id), "alliance": world.alliance_a.pk}
        payload["due_on"] = dt.date(2030, 1, 1).isoformat()
        response = client.post("/api/v1/obligations/", payload, format="json")
        answers.append((response.status_code, normalise(response.json(), right_id)))
    assert answers[0] == answers[1]
    assert answers[0][0] == 400
    assert "notice_reference_right" in answers[0][1]
    assert (Obligation.objects.count(), AuditEvent.objects.count()) == before
