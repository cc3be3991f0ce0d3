from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework import serializers

from accord.core import scoping
from accord.portfolio.access import get_alliance_for_user

from .. import access
from ..models import GapClass


def internal_only(user, what: str) -> None:
    if not user.is_internal:
        raise PermissionDenied(_("%(what)s is internal to our company.") % {"what": what})


def managed_alliance(user, pk, refusal: str):
    """The alliance a health record is created in: one the user may see (404 otherwise) and
    whose health they manage (403 with `refusal` otherwise)."""
    alliance = get_alliance_for_user(user, pk)
    if not access.can_manage_health(user, alliance):
        raise PermissionDenied(refusal)
    return alliance


class GroupSerializer(scoping.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    n = serializers.IntegerField()
    side = serializers.CharField(allow_null=True)
    function = serializers.CharField(allow_null=True)
    shown = serializers.BooleanField()
    overall = serializers.FloatField(
        allow_null=True, help_text="Empty when the group is not shown."
    )
    themes = serializers.DictField(child=serializers.FloatField(), help_text="Theme key → 0-100.")
    categories = serializers.DictField(child=serializers.FloatField())


# A part of the instrument (category or theme) by its key and name. No docstring: it would
# become the description of every serializer built on it in the OpenAPI document.
class PartSerializer(scoping.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class HeadingSerializer(PartSerializer):
    category_key = serializers.CharField()
    category_name = serializers.CharField()


class GapSerializer(PartSerializer):
    level = serializers.CharField()
    own = serializers.FloatField()
    partner = serializers.FloatField()
    gap = serializers.FloatField()
    klass = serializers.ChoiceField(choices=GapClass.choices, source="klass_value")


class CommentSerializer(scoping.Serializer):
    group = serializers.CharField()
    theme = serializers.CharField()
    question = serializers.CharField()
    text = serializers.CharField()


class DropSerializer(PartSerializer):
    before = serializers.FloatField()
    after = serializers.FloatField()
    change = serializers.FloatField()


class LowSerializer(PartSerializer):
    score = serializers.FloatField()


class HighlightsSerializer(scoping.Serializer):
    largest_gaps = GapSerializer(many=True)
    biggest_drops = DropSerializer(many=True)
    lowest_themes = LowSerializer(many=True)


class ResultSerializer(scoping.Serializer):
    """A wave's results under the anonymity rules: exactly what the page shows."""

    wave = serializers.IntegerField(source="wave.pk")
    alliance = serializers.IntegerField(source="wave.alliance_id")
    available = serializers.BooleanField()
    reason = serializers.CharField()
    threshold = serializers.IntegerField()
    n = serializers.IntegerField(help_text="How many answered.")
    groups = GroupSerializer(many=True, source="shown_groups_or_none")
    themes = HeadingSerializer(many=True)
    gaps = GapSerializer(many=True)
    category_gaps = GapSerializer(many=True)
    comments = CommentSerializer(many=True)
    highlights = HighlightsSerializer(allow_null=True, source="highlights_or_none")


def result_data(result) -> dict:
    """Serialise a WaveResult: hidden groups are listed without any score; nothing before closing."""
    for gap in [*result.gaps, *result.category_gaps, *result.highlights.get("largest_gaps", [])]:
        gap.klass_value = str(gap.klass)
    result.shown_groups_or_none = (
        [g if g.shown else _hidden(g) for g in result.groups] if result.available else []
    )
    result.highlights_or_none = result.highlights if result.available else None
    return ResultSerializer(result).data


def _hidden(group):
    from ..results import Group

    return Group(
        group.key, group.label, group.n, side=group.side, function=group.function, shown=False
    )
