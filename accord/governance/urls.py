from accord.core.routing import pages, routes

from .views import committees, meetings, overview, records

app_name = "governance"

TAB = "alliances/<int:pk>/governance/"
MEETING = "governance/meetings/<int:pk>/"
MINUTES = ["start", "submit", "return", "approve", "amend"]
ISSUE_VERBS = ["edit", "escalate", "assign", "resolve", "reopen", "close"]
COMMUNICATION_VERBS = ["edit", "submit", "conclude", "withdraw"]

urlpatterns = [
    # The alliance's Governance tab and what hangs off it.
    *pages(TAB, overview, alliance_governance=""),
    *pages(TAB, committees, committee_create="bodies/new", settings_edit="terms"),
    *pages(TAB, records, decision_create="decisions/new", action_create="actions/new"),
    *pages(TAB, records, issue_create="issues/new", risk_create="risks/new"),
    *pages(TAB, records, communication_create="communications/new"),
    # Bodies and seats.
    *routes("governance/bodies/", committees, "committee", "edit"),
    *pages("governance/bodies/<int:pk>/", committees, seat_add="seats"),
    *pages("governance/bodies/<int:pk>/", meetings, meeting_create="meetings/new"),
    *pages("governance/seats/<int:pk>/", committees, "end", "role", name="seat"),
    # Meetings.
    *routes("governance/meetings/", meetings, "meeting", "edit", "cancel", "held", lists=overview),
    *pages(MEETING, meetings, "attendance", guest_add="guests", agenda_build="agenda/build"),
    *pages(MEETING, meetings, agenda_add="agenda", agenda_remove="agenda/<int:item_pk>/remove"),
    *pages(MEETING, meetings, agenda_move="agenda/<int:item_pk>/<str:direction>"),
    *pages(MEETING, meetings, ("minutes", "save"), name="minutes"),
    *pages(f"{MEETING}minutes/", meetings, *MINUTES, name="minutes"),
    *pages(MEETING, meetings, ("decisions", "decision"), ("actions", "action"), name="meeting"),
    *pages(MEETING, meetings, ("pack.<str:fmt>", "pack"), name="meeting"),
    # Decisions, action items, issues, risks (internal) and partner communications.
    *routes(
        "governance/decisions/",
        records,
        "decision",
        "edit",
        ("status", "transition"),
        lists=overview,
    ),
    *routes("governance/actions/", records, "action", "edit", "status", lists=overview),
    *routes("governance/issues/", records, "issue", *ISSUE_VERBS, lists=overview),
    *routes("governance/risks/", records, "risk", "edit"),
    *routes("governance/communications/", records, "communication", *COMMUNICATION_VERBS),
]
