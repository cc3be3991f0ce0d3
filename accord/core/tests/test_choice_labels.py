"""Every record's `get_<field>_display` answers as Django's own does, in every shipped language,
although it no longer translates every label of the field to find one (accord.core.models)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from accord.core.models import VersionedModel


def choice_fields():
    for model in apps.get_models():
        if not issubclass(model, VersionedModel):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


FIELDS = list(choice_fields())


def test_the_records_have_choice_fields_to_check():
    # Obligations, milestones, alliances, programs, meetings... each has several.
    assert len(FIELDS) >= 40
    assert {m._meta.label for m, _f in FIELDS} >= {
        "contracts.Obligation",
        "contracts.Milestone",
        "portfolio.Alliance",
        "portfolio.Program",
    }


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_label_is_the_one_django_gives(language):
    checked = 0
    with translation.override(language):
        for model, field in FIELDS:
            record = model()
            values = [value for value, _label in field.flatchoices] + ["not-a-choice", None]
            for value in values:
                setattr(record, field.attname, value)
                ours = getattr(record, f"get_{field.name}_display")()
                django = models.Model._get_FIELD_display(record, field)
                assert ours == django, (model._meta.label, field.name, value)
                assert type(ours) is type(django)
                checked += 1
    assert checked > 200
