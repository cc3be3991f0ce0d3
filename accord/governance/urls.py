from django.urls import path

from accord.core.generic import routes

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
    *routes(
        "governance/issues/",
        records,
        "issue",
        "edit",
        "escalate",
        "assign",
        "resolve",
        "reopen",
        "close",
        lists=overview,
    ),
    *routes("governance/risks/", records, "risk", "edit"),
    *routes(
        "governance/communications/",
        records,
        "communication",
        "edit",
        "submit",
        "conclude",
        "withdraw",
    ),
]
