"""The shared API base calls each app's own actions with their own keywords."""

from types import SimpleNamespace

import pytest
from rest_framework import serializers

from accord.core.viewsets import ThroughAccess, split_version


class Recorder:
    def __init__(self, answer=None):
        self.calls = []
        self.answer = answer

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        return self.answer


def make_viewset(*, method="PATCH", data=None, **attributes):
    viewset_class = type("Entries", (ThroughAccess,), attributes)
    viewset = viewset_class()
    viewset.request = SimpleNamespace(
        method=method, user="the actor", data=data or {}, query_params={}
    )
    viewset.kwargs = {"pk": "7"}
    return viewset


def saved(validated, instance=None):
    return SimpleNamespace(validated_data=validated, instance=instance)


def test_an_update_calls_the_action_with_its_own_keyword_and_the_version_read():
    update = Recorder(answer="updated payment")
    viewset = make_viewset(entry="payment", update_action=staticmethod(update))
    serializer = saved({"amount": 5, "version": 3}, instance="the payment")
    viewset.perform_update(serializer)
    assert update.calls == [
        {
            "actor": "the actor",
            "payment": "the payment",
            "data": {"amount": 5},
            "expected_version": 3,
        }
    ]
    assert serializer.instance == "updated payment"


def test_a_delete_takes_the_reason_unless_the_action_has_none():
    delete = Recorder()
    with_reason = make_viewset(
        method="DELETE",
        data={"reason": "Recorded twice"},
        entry="loe",
        delete_action=staticmethod(delete),
    )
    with_reason.perform_destroy("the loss")
    without = make_viewset(
        method="DELETE", entry="goal", delete_action=staticmethod(delete), delete_reason=False
    )
    without.perform_destroy("the goal")
    assert delete.calls == [
        {"actor": "the actor", "loe": "the loss", "reason": "Recorded twice"},
        {"actor": "the actor", "goal": "the goal"},
    ]


def test_a_delete_without_a_reason_is_refused_before_the_action_runs():
    delete = Recorder()
    viewset = make_viewset(method="DELETE", entry="loe", delete_action=staticmethod(delete))
    with pytest.raises(serializers.ValidationError) as refused:
        viewset.perform_destroy("the loss")
    assert "reason" in refused.value.detail
    assert delete.calls == []


def test_a_create_checks_the_parent_and_hands_it_over_under_its_own_name():
    create = Recorder(answer="new metric")
    checked = []

    def writable_parent(self, user, goal):
        checked.append((user, goal))
        return f"writable {goal}"

    viewset = make_viewset(
        parent="goal", create_action=staticmethod(create), writable_parent=writable_parent
    )
    serializer = saved({"goal": "goal 1", "name": "Sales", "version": 1})
    viewset.perform_create(serializer)
    assert checked == [("the actor", "goal 1")]
    assert create.calls == [
        {"actor": "the actor", "goal": "writable goal 1", "data": {"name": "Sales"}}
    ]
    assert serializer.instance == "new metric"


def test_a_record_does_not_move_to_another_parent():
    update = Recorder()
    viewset = make_viewset(
        entry="relaunch",
        parent="alliance",
        moved_message="A relaunch cannot move to another alliance.",
        update_action=staticmethod(update),
    )
    instance = SimpleNamespace(alliance_id=1)
    with pytest.raises(serializers.ValidationError) as refused:
        viewset.perform_update(saved({"alliance": SimpleNamespace(pk=2)}, instance=instance))
    assert refused.value.detail == {"alliance": "A relaunch cannot move to another alliance."}
    assert update.calls == []
    viewset.perform_update(saved({"alliance": SimpleNamespace(pk=1), "title": "T"}, instance))
    assert update.calls[0]["data"] == {"title": "T"}


def test_the_access_helper_is_asked_for_writing_only_by_a_change():
    asked = []

    def getter(user, pk, *, write):
        asked.append((user, pk, write))
        return f"record {pk}"

    for method in ("GET", "HEAD", "OPTIONS", "PATCH", "DELETE", "POST"):
        assert make_viewset(method=method, getter=staticmethod(getter)).get_object() == "record 7"
    assert [write for _, _, write in asked] == [False, False, False, True, True, True]


def test_split_version_leaves_the_validated_data_alone():
    serializer = saved({"title": "T", "version": 4})
    assert split_version(serializer) == ({"title": "T"}, 4)
    assert serializer.validated_data == {"title": "T", "version": 4}
