"""Every list filter of every app says what it is: django-filter names a filter it cannot find a
model field for "[invalid name]", and the list page would show that as the drop-down's label
(a filter without a label of its own is named after its field, which is fine)."""

import importlib
import inspect
import pkgutil

import django_filters
import pytest
from django.test import RequestFactory

import accord

pytestmark = pytest.mark.django_db


def _filtersets():
    for found in pkgutil.walk_packages(accord.__path__, "accord."):
        if not found.name.endswith(".filters") or ".tests" in found.name:
            continue
        module = importlib.import_module(found.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, django_filters.FilterSet)
                and cls.__module__ == module.__name__
                and cls._meta.model is not None
            ):
                yield cls


def test_every_filter_of_every_list_has_a_label(world):
    request = RequestFactory().get("/")
    request.user = world.leader
    checked, unnamed = 0, []
    for cls in _filtersets():
        form = cls({}, request=request, queryset=cls._meta.model.objects.none()).form
        checked += len(form.fields)
        unnamed += [
            f"{cls.__name__}.{name}"
            for name, field in form.fields.items()
            if "invalid" in str(field.label)
        ]
    assert checked > 100  # every app's filters were read, not a handful
    assert unnamed == []


# Every list page's checkbox filter, by the page's path: ticked for "true", not for "false"
# (a link or a bookmark may say either: the filters read "false" as no, and so must the box).
CHECKBOXES = [
    ("/contracts/obligations/", ("mine", "unowned")),
    ("/contracts/milestones/", ("mine", "expected")),
    ("/contracts/variances/", ("active", "expiring")),
    ("/contracts/rights/", ("unused",)),
    ("/playbooks/progress/", ("behind",)),
    ("/knowledge/territories/", ("past_review",)),
    ("/knowledge/", ("promoted",)),
    ("/alliances/", ("unassigned",)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "names"), CHECKBOXES)
def test_a_checkbox_filter_is_ticked_for_true_and_not_for_false(world, path, names):
    import re

    from accord.conftest import login

    client = login(world.leader)
    for value, ticked in (("true", True), ("false", False), ("", False)):
        response = client.get(path, {name: value for name in names})
        assert response.status_code == 200, (path, value)
        body = response.content.decode()
        for name in names:
            box = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', body)
            assert box is not None, (path, name)
            assert ("checked" in box.group(0)) == ticked, (path, name, value)
