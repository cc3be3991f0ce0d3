"""Governance forms, by sub-domain; every form is importable from here as before."""

from accord.core.forms import ReasonForm

# The forms, and (as X as X) the helpers they share, importable from here as before the split.
from .committees import ChangeRoleForm, CommitteeForm, EndSeatForm, SeatForm, SettingsForm
from .common import DATETIME as DATETIME
from .common import PeopleChoiceField as PeopleChoiceField
from .common import PersonChoiceField as PersonChoiceField
from .common import ScopedForm as ScopedForm
from .common import eligible_people as eligible_people
from .common import seat_candidates as seat_candidates
from .communications import CommunicationForm, ConcludeForm
from .issues import AssignLevelForm, IssueForm, ResolveForm, RiskForm
from .issues import issue_owner_choices as issue_owner_choices
from .meetings import AgendaItemForm, AmendForm, ApproveForm, GuestForm, MeetingForm, MinutesForm
from .records import (
    ActionForm,
    ActionInlineForm,
    ActionStatusForm,
    DecisionForm,
    DecisionRecordForm,
    DecisionTransitionForm,
)
from .records import AgendaItemChoiceField as AgendaItemChoiceField
from .records import agenda_item_field as agenda_item_field

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
