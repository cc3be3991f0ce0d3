from django.urls import path

from .views import committees, meetings, overview, records

app_name = "governance"

urlpatterns = [
    # The alliance's Governance tab and what hangs off it.
    path(
        "alliances/<int:pk>/governance/", overview.alliance_governance, name="alliance_governance"
    ),
    path(
        "alliances/<int:pk>/governance/bodies/new/",
        committees.committee_create,
        name="committee_create",
    ),
    path("alliances/<int:pk>/governance/terms/", committees.settings_edit, name="settings_edit"),
    path(
        "alliances/<int:pk>/governance/decisions/new/",
        records.decision_create,
        name="decision_create",
    ),
    path("alliances/<int:pk>/governance/actions/new/", records.action_create, name="action_create"),
    path("alliances/<int:pk>/governance/issues/new/", records.issue_create, name="issue_create"),
    path("alliances/<int:pk>/governance/risks/new/", records.risk_create, name="risk_create"),
    path(
        "alliances/<int:pk>/governance/communications/new/",
        records.communication_create,
        name="communication_create",
    ),
    # Bodies and seats.
    path("governance/bodies/<int:pk>/", committees.committee_detail, name="committee_detail"),
    path("governance/bodies/<int:pk>/edit/", committees.committee_edit, name="committee_edit"),
    path("governance/bodies/<int:pk>/seats/", committees.seat_add, name="seat_add"),
    path(
        "governance/bodies/<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"
    ),
    path("governance/seats/<int:pk>/end/", committees.seat_end, name="seat_end"),
    path("governance/seats/<int:pk>/role/", committees.seat_role, name="seat_role"),
    # Meetings.
    path("governance/meetings/", overview.meeting_list, name="meeting_list"),
    path("governance/meetings/export.xlsx", overview.meeting_export, name="meeting_export"),
    path("governance/meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("governance/meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("governance/meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("governance/meetings/<int:pk>/held/", meetings.meeting_held, name="meeting_held"),
    path("governance/meetings/<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("governance/meetings/<int:pk>/guests/", meetings.guest_add, name="guest_add"),
    path("governance/meetings/<int:pk>/agenda/build/", meetings.agenda_build, name="agenda_build"),
    path("governance/meetings/<int:pk>/agenda/", meetings.agenda_add, name="agenda_add"),
    path(
        "governance/meetings/<int:pk>/agenda/<int:item_pk>/remove/",
        meetings.agenda_remove,
        name="agenda_remove",
    ),
    path(
        "governance/meetings/<int:pk>/agenda/<int:item_pk>/<str:direction>/",
        meetings.agenda_move,
        name="agenda_move",
    ),
    path("governance/meetings/<int:pk>/minutes/", meetings.minutes_save, name="minutes_save"),
    path(
        "governance/meetings/<int:pk>/minutes/start/",
        meetings.minutes_start,
        name="minutes_start",
    ),
    path(
        "governance/meetings/<int:pk>/minutes/submit/",
        meetings.minutes_submit,
        name="minutes_submit",
    ),
    path(
        "governance/meetings/<int:pk>/minutes/return/",
        meetings.minutes_return,
        name="minutes_return",
    ),
    path(
        "governance/meetings/<int:pk>/minutes/approve/",
        meetings.minutes_approve,
        name="minutes_approve",
    ),
    path(
        "governance/meetings/<int:pk>/minutes/amend/", meetings.minutes_amend, name="minutes_amend"
    ),
    path(
        "governance/meetings/<int:pk>/decisions/",
        meetings.meeting_decision,
        name="meeting_decision",
    ),
    path("governance/meetings/<int:pk>/actions/", meetings.meeting_action, name="meeting_action"),
    path("governance/meetings/<int:pk>/pack.<str:fmt>", meetings.meeting_pack, name="meeting_pack"),
    # Decisions.
    path("governance/decisions/", overview.decision_list, name="decision_list"),
    path("governance/decisions/export.xlsx", overview.decision_export, name="decision_export"),
    path("governance/decisions/<int:pk>/", records.decision_detail, name="decision_detail"),
    path("governance/decisions/<int:pk>/edit/", records.decision_edit, name="decision_edit"),
    path(
        "governance/decisions/<int:pk>/status/",
        records.decision_transition,
        name="decision_transition",
    ),
    # Action items.
    path("governance/actions/", overview.action_list, name="action_list"),
    path("governance/actions/export.xlsx", overview.action_export, name="action_export"),
    path("governance/actions/<int:pk>/", records.action_detail, name="action_detail"),
    path("governance/actions/<int:pk>/edit/", records.action_edit, name="action_edit"),
    path("governance/actions/<int:pk>/status/", records.action_status, name="action_status"),
    # Issues.
    path("governance/issues/", overview.issue_list, name="issue_list"),
    path("governance/issues/export.xlsx", overview.issue_export, name="issue_export"),
    path("governance/issues/<int:pk>/", records.issue_detail, name="issue_detail"),
    path("governance/issues/<int:pk>/edit/", records.issue_edit, name="issue_edit"),
    path("governance/issues/<int:pk>/escalate/", records.issue_escalate, name="issue_escalate"),
    path("governance/issues/<int:pk>/assign/", records.issue_assign, name="issue_assign"),
    path("governance/issues/<int:pk>/resolve/", records.issue_resolve, name="issue_resolve"),
    path("governance/issues/<int:pk>/reopen/", records.issue_reopen, name="issue_reopen"),
    path("governance/issues/<int:pk>/close/", records.issue_close, name="issue_close"),
    # Risks (internal).
    path("governance/risks/<int:pk>/", records.risk_detail, name="risk_detail"),
    path("governance/risks/<int:pk>/edit/", records.risk_edit, name="risk_edit"),
    # Partner communications.
    path(
        "governance/communications/<int:pk>/",
        records.communication_detail,
        name="communication_detail",
    ),
    path(
        "governance/communications/<int:pk>/edit/",
        records.communication_edit,
        name="communication_edit",
    ),
    path(
        "governance/communications/<int:pk>/submit/",
        records.communication_submit,
        name="communication_submit",
    ),
    path(
        "governance/communications/<int:pk>/conclude/",
        records.communication_conclude,
        name="communication_conclude",
    ),
    path(
        "governance/communications/<int:pk>/withdraw/",
        records.communication_withdraw,
        name="communication_withdraw",
    ),
]
