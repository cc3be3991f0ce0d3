"""Every health object a user asks for is fetched here: out of scope is 404, read-only is 403."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accord.portfolio.access import can_edit_alliance
from accord.portfolio.models import AllianceMember

from .models import (
    BenchmarkSet,
    HealthAction,
    Instrument,
    JointGoal,
    MaturityAssessment,
    Metric,
    Relaunch,
    Respondent,
    Side,
    Wave,
)


def can_manage_health(user, alliance) -> bool:
    """Who runs an alliance (and leaders) run its surveys, scorecard, relaunch and actions."""
    return user.is_internal and can_edit_alliance(user, alliance)


def can_edit_instruments(user) -> bool:
    return user.is_internal and user.can_create_records


def can_assess_maturity(user) -> bool:
    return user.is_internal and user.can_manage_portfolio


def is_partner_member(user, alliance_id) -> bool:
    return (
        user.is_partner
        and AllianceMember.objects.filter(alliance_id=alliance_id, user=user).exists()
    )


def can_update_metric(user, metric: Metric) -> bool:
    """Each side updates the metrics assigned to it, and only those."""
    alliance = metric.goal.alliance
    if metric.owner_side == Side.OWN:
        return can_manage_health(user, alliance)
    return is_partner_member(user, alliance.pk)


def get_instrument_for_user(user, pk, *, write: bool = False) -> Instrument:
    instrument = get_object_or_404(Instrument.objects.visible_to(user), pk=pk)
    if write and not can_edit_instruments(user):
        raise PermissionDenied(_("Only alliance managers, leaders and admins edit instruments."))
    return instrument


def get_wave_for_user(user, pk, *, write: bool = False) -> Wave:
    wave = get_object_or_404(
        Wave.objects.visible_to(user).select_related("alliance", "instrument"), pk=pk
    )
    if write and not can_manage_health(user, wave.alliance):
        raise PermissionDenied(_("Only the people who run this alliance manage its surveys."))
    return wave


def get_respondent_for_user(user, pk) -> Respondent:
    """A respondent of a wave the user manages (to remove them or send a new link)."""
    respondent = get_object_or_404(Respondent.objects.select_related("wave"), pk=pk)
    get_wave_for_user(user, respondent.wave_id, write=True)
    return respondent


def get_invitation_for_user(user, wave_pk) -> Respondent:
    """The signed-in person's own invitation to a wave (staff answer in Accord)."""
    return get_object_or_404(
        Respondent.objects.select_related("wave", "wave__alliance", "wave__instrument"),
        wave_id=wave_pk,
        user=user,
        side=Side.OWN,
        wave__alliance__in=_alliances(user),
    )


def _alliances(user):
    from accord.portfolio.models import Alliance

    return Alliance.objects.visible_to(user)


def get_action_for_user(user, pk, *, write: bool = False) -> HealthAction:
    action = get_object_or_404(
        HealthAction.objects.visible_to(user).select_related("alliance", "owner"), pk=pk
    )
    if write and not (can_manage_health(user, action.alliance) or action.owner_id == user.pk):
        raise PermissionDenied(_("Only the action's owner or the alliance's managers change it."))
    return action


def get_goal_for_user(user, pk, *, write: bool = False) -> JointGoal:
    goal = get_object_or_404(JointGoal.objects.visible_to(user).select_related("alliance"), pk=pk)
    if write and not can_manage_health(user, goal.alliance):
        raise PermissionDenied(_("Only the people who run this alliance change its joint goals."))
    return goal


def get_metric_for_user(user, pk, *, write: bool = False, actuals: bool = False) -> Metric:
    """`actuals`: the user reports this metric's numbers (only the side it is assigned to)."""
    metric = get_object_or_404(
        Metric.objects.visible_to(user).select_related("goal", "goal__alliance"), pk=pk
    )
    if actuals and not can_update_metric(user, metric):
        if metric.owner_side == Side.OWN:
            raise PermissionDenied(_("This metric is updated by our company."))
        raise PermissionDenied(_("This metric is updated by the partner."))
    if write and not can_manage_health(user, metric.goal.alliance):
        raise PermissionDenied(_("Only the people who run this alliance change its scorecard."))
    return metric


def get_relaunch_for_user(user, pk, *, write: bool = False) -> Relaunch:
    relaunch = get_object_or_404(
        Relaunch.objects.visible_to(user).select_related("alliance"), pk=pk
    )
    if write and not can_manage_health(user, relaunch.alliance):
        raise PermissionDenied(_("Only the people who run this alliance lead its relaunch."))
    return relaunch


def get_assessment_for_user(user, pk, *, write: bool = False) -> MaturityAssessment:
    assessment = get_object_or_404(MaturityAssessment.objects.visible_to(user), pk=pk)
    if write and not can_assess_maturity(user):
        raise PermissionDenied(
            _("Only alliance leaders and admins run the maturity self-assessment.")
        )
    return assessment


def get_benchmark_for_user(user, pk) -> BenchmarkSet:
    return get_object_or_404(BenchmarkSet.objects.visible_to(user), pk=pk)
