"""What a page reads once for its whole length (accord.core.visibility): kept within a request
that writes nothing, read afresh in one that writes, and never beyond the request."""

import pytest

from accord.core.visibility import built_once_per_request, read_once
from accord.health.models import HealthPolicy


@pytest.mark.django_db
def test_a_reading_request_reads_a_settings_row_once(django_assert_num_queries):
    with built_once_per_request(reads_only=True), django_assert_num_queries(1):
        first = HealthPolicy.load()
        second = HealthPolicy.load()
    assert first.anonymity_threshold == second.anonymity_threshold


@pytest.mark.django_db
def test_a_writing_request_sees_its_own_change(django_assert_num_queries):
    with built_once_per_request(reads_only=False):
        before = HealthPolicy.load()
        policy = HealthPolicy.load_for_update()
        policy.anonymity_threshold = before.anonymity_threshold + 2
        policy.save()
        with django_assert_num_queries(1):
            after = HealthPolicy.load()
    assert after.anonymity_threshold == before.anonymity_threshold + 2


@pytest.mark.django_db
def test_nothing_is_kept_outside_a_request_or_after_it():
    calls = []

    def read():
        calls.append(1)
        return len(calls)

    assert read_once(("k",), read) == 1
    assert read_once(("k",), read) == 2
    with built_once_per_request(reads_only=True):
        assert read_once(("k",), read) == 3
        assert read_once(("k",), read) == 3
        assert read_once(("other",), read) == 4
    with built_once_per_request(reads_only=True):
        assert read_once(("k",), read) == 5
