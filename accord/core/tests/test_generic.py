"""The generic page pieces (accord.core.generic): what every app's pages rely on."""

from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from accord.core import generic, routing
from accord.core.exceptions import ConflictError


class NameForm(forms.Form):
    name = forms.CharField()
    version = forms.IntegerField(required=False)


def post(data):
    request = RequestFactory().post("/somewhere/", data)
    request._messages = CookieStorage(request)
    return request


def flashed(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_a_valid_form_runs_the_action_flashes_and_redirects():
    request = post({"name": "Alpha"})
    seen = []
    response = generic.perform(
        request,
        NameForm(request.POST),
        lambda data: seen.append(data["name"]) or "result",
        success=lambda result: f"Saved {result}.",
        then="/done/",
    )
    assert seen == ["Alpha"]
    assert (response.status_code, response["Location"]) == (302, "/done/")
    assert flashed(request) == ["Saved result."]


def test_an_invalid_form_never_reaches_the_action():
    request = post({"name": ""})
    form = NameForm(request.POST)
    response = generic.perform(request, form, pytest.fail, success="x", then="/")
    assert response is None
    assert generic.form_status(form) == 400
    assert flashed(request) == []


def test_a_refusal_comes_back_on_the_form_field():
    request = post({"name": "Alpha"})
    form = NameForm(request.POST)

    def refuse(data):
        raise ValidationError({"name": "Taken."})

    assert generic.perform(request, form, refuse, success="x", then="/") is None
    assert form.errors == {"name": ["Taken."]}
    assert generic.form_status(form) == 400


def test_a_concurrent_edit_answers_409_with_the_error():
    request = post({"name": "Alpha", "version": "1"})
    form = NameForm(request.POST)
    record = SimpleNamespace(pk=1, _meta=SimpleNamespace(verbose_name="thing"))

    def conflict(data):
        raise ConflictError(record, 1, 2)

    assert generic.perform(request, form, conflict, success="x", then="/") is None
    assert isinstance(form.conflict, ConflictError)
    assert generic.form_status(form) == 409
    assert "changed by someone else" in form.non_field_errors()[0]


def test_attempt_answers_400_even_for_an_empty_post():
    request = post({})
    form = NameForm(request.POST or None)
    statuses = []
    generic.attempt(request, form, pytest.fail, success="x", then="/", rerender=statuses.append)
    assert statuses == [400]


def test_action_data_is_the_forms_own_or_the_cleaned_data_without_the_version():
    form = NameForm({"name": "Alpha", "version": "3"})
    assert form.is_valid()
    assert generic.action_data(form) == {"name": "Alpha"}
    form.action_data = lambda: {"own": True}
    assert generic.action_data(form) == {"own": True}


def test_an_entity_finds_its_access_helper_and_actions_by_name():
    access = SimpleNamespace(get_thing_for_user=object(), get_odd_for_user=object())
    actions = SimpleNamespace(thing_create=object(), thing_update=object(), thing_delete=object())
    thing = generic.Entity("thing", NameForm, access, actions)
    assert thing.get is access.get_thing_for_user
    assert (thing.create, thing.update, thing.delete) == (
        actions.thing_create,
        actions.thing_update,
        actions.thing_delete,
    )
    assert thing.label == "thing"
    odd = generic.Entity(
        "item", NameForm, access, actions, prefix="thing", getter="get_odd_for_user"
    )
    assert odd.get is access.get_odd_for_user
    assert odd.update is actions.thing_update
    with pytest.raises(AttributeError):
        generic.Entity("missing", NameForm, access, actions)


def test_an_entitys_actions_take_the_record_by_its_name():
    calls = []
    actions = SimpleNamespace(
        report_update=lambda **kw: calls.append(("update", kw)),
        report_delete=lambda **kw: calls.append(("delete", kw)),
    )
    access = SimpleNamespace(get_report_for_user=None)
    report = generic.Entity("report", NameForm, access, actions)
    report.updater("ann", "R1")(data={"a": 1}, expected_version=2)
    report.deleter("ann", "R1")(reason="gone")
    assert calls == [
        ("update", {"actor": "ann", "report": "R1", "data": {"a": 1}, "expected_version": 2}),
        ("delete", {"actor": "ann", "report": "R1", "reason": "gone"}),
    ]


def test_routes_name_each_address_like_its_view():
    def view(request):
        raise AssertionError("not called")

    views = SimpleNamespace(
        **{
            name: lambda request: view(request)
            for name in ("thing_list", "thing_export", "thing_detail", "thing_edit")
        },
        thing_transition=view,
    )
    patterns = routing.routes(
        "things/", views, "thing", "edit", ("status", "transition"), lists=views
    )
    assert [(str(p.pattern), p.name, p.callback) for p in patterns] == [
        ("things/", "thing_list", views.thing_list),
        ("things/export.xlsx", "thing_export", views.thing_export),
        ("things/<int:pk>/", "thing_detail", views.thing_detail),
        ("things/<int:pk>/edit/", "thing_edit", views.thing_edit),
        ("things/<int:pk>/status/", "thing_transition", views.thing_transition),
    ]
    assert [p.name for p in routing.routes("t/", views, "thing", "edit", detail=False)] == [
        "thing_edit"
    ]


def test_calling_runs_the_action_with_the_forms_fields_and_what_is_given():
    calls = []

    def record(**kwargs):
        calls.append(kwargs)
        return "done"

    # `action=` is a keyword some actions take (governance's action items): it is given on.
    do = generic.calling(record, "status", ("upload", "file"), versioned=True, action="A1")
    assert do({"status": "done", "file": "f.pdf", "version": 3, "other": 1}) == "done"
    assert calls == [{"action": "A1", "status": "done", "upload": "f.pdf", "expected_version": 3}]
