"""Governance forms, by sub-domain; every form is importable from here as before."""

from accord.core.forms import ReasonForm

from .committees import ChangeRoleForm, CommitteeForm, EndSeatForm, SeatForm, SettingsForm
from .communications import CommunicationForm, ConcludeForm
from .issues import AssignLevelForm, IssueForm, ResolveForm, RiskForm
from .meetings import AgendaItemForm, AmendForm, ApproveForm, GuestForm, MeetingForm, MinutesForm
from .records import (
    ActionForm,
    ActionInlineForm,
    ActionStatusForm,
    DecisionForm,
    DecisionRecordForm,
    DecisionTransitionForm,
)

__all__ = [
    "ActionForm",
    "ActionInlineForm",
    "ActionStatusForm",
    "AgendaItemForm",
    "AmendForm",
    "ApproveForm",
    "AssignLevelForm",
    "ChangeRoleForm",
    "CommitteeForm",
    "CommunicationForm",
    "ConcludeForm",
    "DecisionForm",
    "DecisionRecordForm",
    "DecisionTransitionForm",
    "EndSeatForm",
    "GuestForm",
    "IssueForm",
    "MeetingForm",
    "MinutesForm",
    "ReasonForm",
    "ResolveForm",
    "RiskForm",
    "SeatForm",
    "SettingsForm",
]
