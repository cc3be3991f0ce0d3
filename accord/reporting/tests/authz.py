"""Authorization rows of the reporting app (see accord/core/authz_matrix.py for the format).

Everything here is internal: partner users get 403 (the pages exist, they are not for them).
Only the leader and administrators shape the weekly note; executives read it.
"""

from __future__ import annotations

import datetime as dt

from accord.core.authz_matrix import api, page

#                 admin leader mgr_a mgr_b exec contrib fw partner_a partner_b anon
STAFF_READ = "200 200 200 200 200 200 200 403 403 302"
# Importing a tracker changes the whole portfolio: the leader and administrators only.
LEADERS = "200 200 403 403 403 403 403 403 403 302"
API_STAFF_READ = "200 200 200 200 200 200 200 403 403 401"
API_LEADERS = "200 200 403 403 403 403 403 403 403 401"
# A pack is its requester's (the leader's here): anyone else, even an administrator, gets 404.
MINE = "404 200 404 404 404 404 404 403 403 302"
# Brief me is for our staff walking into a meeting: partner users get 404, like out of scope.
BRIEF = "200 200 200 200 200 200 200 404 404 302"
NOTES = "/api/v1/reporting/weekly-notes"
IMPORTS = "/api/v1/reporting/imports"
PACKS = "/api/v1/reporting/packs"

# fmt: off
ROWS = [
    # My week: staff; a partner user gets their alliance's shared workspace instead.
    page("my-week/", "GET", "/my-week/", "200 200 200 200 200 200 200 200 200 302"),
    page("my-week/", "GET", "/my-week/?alliance={alliance_b}&kind=obligation", "200 200 200 200 200 200 200 200 200 302"),
    # Inline steps go through the owning app's action: only who may change the record.
    page("my-week/<str:kind>/<int:pk>/done/", "POST", "/my-week/obligation/{obligation_a}/done/", "400 400 400 403 403 403 403 403 403 302", note="no evidence: the form names it"),
    page("my-week/<str:kind>/<int:pk>/done/", "POST", "/my-week/action/{gov_action_a}/done/", "302 302 302 403 403 403 403 403 403 302"),
    page("my-week/<str:kind>/<int:pk>/done/", "POST", "/my-week/milestone/{obligation_a}/done/", "404 404 404 404 404 404 404 403 403 302", note="no inline step for this kind"),
    page("my-week/<str:kind>/<int:pk>/snooze/", "POST", "/my-week/action/{gov_action_a}/snooze/", "400 400 400 403 403 403 403 403 403 302", note="no reason: the form names it"),
    page("my-week/<str:kind>/<int:pk>/snooze/", "POST", "/my-week/obligation/{obligation_a2}/snooze/", "404 404 400 404 404 404 404 403 403 302", note="firewalled: only the cleared"),
    page("dashboard/", "GET", "/dashboard/", STAFF_READ),
    page("search/", "GET", "/search/?q=JSC", "200 200 200 200 200 200 200 200 200 302", note="everyone searches what they may see"),
    page("dashboard/pack.<str:fmt>", "GET", "/dashboard/pack.pdf", "302 302 302 302 302 302 302 403 403 302", note="the old direct link: the packs page, built in the background"),
    page("dashboard/pack.<str:fmt>", "GET", "/dashboard/pack.pptx", "302 302 302 302 302 302 302 403 403 302", note="the old direct link: the packs page, built in the background"),
    page("dashboard/pack.<str:fmt>", "GET", "/dashboard/pack.exe", "400 400 400 400 400 400 400 403 403 302", note="an unknown format is bad input"),
    page("dashboard/packs/", "GET", "/dashboard/packs/", STAFF_READ),
    page("dashboard/packs/", "POST", "/dashboard/packs/", "302 302 302 302 302 302 302 403 403 302", data={"format": "pdf"}),
    page("dashboard/packs/", "POST", "/dashboard/packs/", "400 400 400 400 400 400 400 403 403 302", data={"format": "exe"}, note="an unknown format is bad input"),
    page("dashboard/packs/<int:pk>/", "GET", "/dashboard/packs/{pack_export}/", MINE),
    page("dashboard/packs/<int:pk>/progress/", "GET", "/dashboard/packs/{pack_export}/progress/", MINE),
    page("dashboard/packs/<int:pk>/download/", "GET", "/dashboard/packs/{pack_export}/download/", "404 404 404 404 404 404 404 403 403 302", note="queued, not built yet: nothing to download"),
    page("alliances/<int:pk>/brief/", "GET", "/alliances/{alliance_a}/brief/", BRIEF),
    page("alliances/<int:pk>/brief/", "GET", "/alliances/{alliance_b}/brief/", BRIEF),
    page("alliances/<int:pk>/brief.pdf", "GET", "/alliances/{alliance_a}/brief.pdf", BRIEF),
    page("governance/meetings/<int:pk>/brief/", "GET", "/governance/meetings/{gov_meeting_a}/brief/", BRIEF),
    page("governance/meetings/<int:pk>/brief/", "GET", "/governance/meetings/{gov_meeting_a2}/brief/", "404 404 200 404 404 404 404 404 404 302", note="a firewalled program's meeting: only the cleared of our staff"),
    page("governance/meetings/<int:pk>/brief.pdf", "GET", "/governance/meetings/{gov_meeting_a}/brief.pdf", BRIEF),
    page("weekly-notes/", "GET", "/weekly-notes/", STAFF_READ),
    page("weekly-notes/generate/", "POST", "/weekly-notes/generate/", "400 400 403 403 403 403 403 403 403 302", note="the form names the missing week"),
    page("weekly-notes/subscription/", "POST", "/weekly-notes/subscription/", "302 302 302 302 302 302 302 403 403 302", data={"subscribe": "1"}),
    page("weekly-notes/<int:pk>/", "GET", "/weekly-notes/{weekly_note}/", STAFF_READ),
    page("weekly-notes/<int:pk>/", "GET", "/weekly-notes/{weekly_note_missing}/", "404 404 404 404 404 404 404 403 403 302"),
    page("weekly-notes/<int:pk>/annotate/", "POST", "/weekly-notes/{weekly_note}/annotate/", "400 400 403 403 403 403 403 403 403 302"),
    page("weekly-notes/<int:pk>/approve/", "POST", "/weekly-notes/{weekly_note}/approve/", "302 302 403 403 403 403 403 403 403 302"),
    page("weekly-notes/<int:pk>/lines/<int:line_pk>/", "POST", "/weekly-notes/{weekly_note}/lines/{weekly_note_line}/", "302 302 403 403 403 403 403 403 403 302", data={"text": "Reworded by the leader."}),
    page("weekly-notes/<int:pk>/lines/<int:line_pk>/", "POST", "/weekly-notes/{weekly_note}/lines/{weekly_note_line}/", "400 400 403 403 403 403 403 403 403 302", data={"text": ""}, note="an empty line is refused, naming the field"),
    page("weekly-notes/<int:pk>/lines/<int:line_pk>/remove/", "POST", "/weekly-notes/{weekly_note}/lines/{weekly_note_line}/remove/", "302 302 403 403 403 403 403 403 403 302"),
    page("weekly-notes/<int:pk>/lines/<int:line_pk>/remove/", "POST", "/weekly-notes/{weekly_note}/lines/{weekly_note_missing}/remove/", "404 404 403 403 403 403 403 403 403 302"),
    page("weekly-notes/<int:pk>/note.pdf", "GET", "/weekly-notes/{weekly_note}/note.pdf", STAFF_READ),
    page("weekly-notes/<int:pk>/email/", "GET", "/weekly-notes/{weekly_note}/email/", STAFF_READ),
    page("weekly-notes/<int:pk>/letter.pdf", "GET", "/weekly-notes/{weekly_note}/letter.pdf", STAFF_READ),
    page("imports/", "GET", "/imports/", LEADERS),
    page("imports/", "POST", "/imports/", "400 400 403 403 403 403 403 403 403 302", note="no file: the form names it"),
    page("imports/<int:pk>/", "GET", "/imports/{tracker_import}/", LEADERS),
    page("imports/<int:pk>/", "GET", "/imports/{weekly_note_missing}/", "404 404 403 403 403 403 403 403 403 302"),
    page("imports/<int:pk>/", "POST", "/imports/{tracker_import}/", "400 400 403 403 403 403 403 403 403 302", note="the alliance column is required"),
    page("imports/<int:pk>/commit/", "POST", "/imports/{tracker_import}/commit/", "302 302 403 403 403 403 403 403 403 302"),
    page("imports/<int:pk>/progress/", "GET", "/imports/{tracker_import}/progress/", LEADERS),
    api("GET", "/api/v1/reporting/dashboard/", API_STAFF_READ),
    api("GET", "/api/v1/reporting/my-week/", API_STAFF_READ),
    api("GET", "/api/v1/reporting/my-week/", API_STAFF_READ, path="/api/v1/reporting/my-week/?bucket=overdue&page=1", note="one bucket, paged"),
    api("GET", "/api/v1/reporting/my-week/", "400 400 400 400 400 400 400 403 403 401", path="/api/v1/reporting/my-week/?bucket=someday", note="an unknown bucket is bad input"),
    api("GET", f"{PACKS}/", API_STAFF_READ),
    api("POST", f"{PACKS}/", "202 202 202 202 202 202 202 403 403 401", data={"format": "pdf"}, note="queued: built in the background"),
    api("POST", f"{PACKS}/", "400 400 400 400 400 400 400 403 403 401", data={"format": "exe"}, note="an unknown format is bad input"),
    api("GET", f"{PACKS}/{{id}}/", "404 200 404 404 404 404 404 403 403 401", path=f"{PACKS}/{{pack_export}}/", note="a pack is its requester's"),
    api("GET", f"{PACKS}/{{id}}/download/", "404 404 404 404 404 404 404 403 403 401", path=f"{PACKS}/{{pack_export}}/download/", note="queued, not built yet: nothing to download"),
    api("GET", f"{NOTES}/", API_STAFF_READ),
    api("GET", f"{NOTES}/{{id}}/", API_STAFF_READ, path=f"{NOTES}/{{weekly_note}}/"),
    api("GET", f"{NOTES}/{{id}}/", "404 404 404 404 404 404 404 403 403 401", path=f"{NOTES}/{{weekly_note_missing}}/"),
    api("POST", f"{NOTES}/{{id}}/annotate/", "400 400 403 403 403 403 403 403 403 401", path=f"{NOTES}/{{weekly_note}}/annotate/", data={}),
    api("POST", f"{NOTES}/{{id}}/approve/", "200 200 403 403 403 403 403 403 403 401", path=f"{NOTES}/{{weekly_note}}/approve/"),
    api("GET", f"{NOTES}/{{id}}/pdf/", API_STAFF_READ, path=f"{NOTES}/{{weekly_note}}/pdf/"),
    api("GET", f"{IMPORTS}/", API_LEADERS),
    api("POST", f"{IMPORTS}/", "400 400 403 403 403 403 403 403 403 401", data={}, note="no file"),
    api("GET", f"{IMPORTS}/{{id}}/", API_LEADERS, path=f"{IMPORTS}/{{tracker_import}}/"),
    api("POST", f"{IMPORTS}/{{id}}/mapping/", "400 400 403 403 403 403 403 403 403 401", path=f"{IMPORTS}/{{tracker_import}}/mapping/", data={}),
    api("GET", f"{IMPORTS}/{{id}}/preview/", API_LEADERS, path=f"{IMPORTS}/{{tracker_import}}/preview/"),
    api("POST", f"{IMPORTS}/{{id}}/commit/", "202 202 403 403 403 403 403 403 403 401", path=f"{IMPORTS}/{{tracker_import}}/commit/"),
]
# fmt: on


class _Lazy:
    """An object's id, created when a request path is formatted.

    accord/core/tests/authz.py resolves targets lazily inside the first persona's transaction,
    which is rolled back: an object created in targets() would be gone for the other personas.
    Formatting the path happens inside each persona's transaction, so creating the object then
    (when it is not there) gives every persona a request about an object that exists.
    """

    def __init__(self, make):
        self.make = make

    def __format__(self, spec):
        return format(self.make(), spec)


def _draft_note(world) -> int:
    from accord.reporting import actions
    from accord.reporting.models import WeeklyNote

    week = dt.date(2026, 3, 2)
    note = WeeklyNote.objects.filter(week_start=week).first()
    if note is None:
        note = actions.note_generate(actor=world.leader, week_start=week)
    return note.pk


def _note_line(world) -> int:
    from accord.reporting.models import NoteLine

    note_pk = _draft_note(world)
    line = NoteLine.objects.filter(note_id=note_pk).first()
    if line is None:
        line = NoteLine.objects.create(
            note_id=note_pk,
            position=1,
            section="happened",
            text="A generated line.",
            generated_text="A generated line.",
        )
    return line.pk


def _tracker_import(world) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accord.reporting import actions
    from accord.reporting.models import TrackerImport

    existing = TrackerImport.objects.first()
    if existing is not None:
        return existing.pk
    upload = SimpleUploadedFile("tracker.csv", b"Alliance,Partner\nOsprey,Osprey Bio\n")
    return actions.import_upload(actor=world.leader, upload=upload).pk


def _pack_export(world) -> int:
    from accord.reporting.models import PackExport

    existing = PackExport.objects.filter(requested_by=world.leader).first()
    if existing is not None:
        return existing.pk
    return PackExport.objects.create(
        requested_by=world.leader, as_of=dt.date(2026, 3, 2), format="pdf"
    ).pk


def targets(world) -> dict:
    return {
        "pack_export": _Lazy(lambda: _pack_export(world)),
        "weekly_note": _Lazy(lambda: _draft_note(world)),
        "weekly_note_missing": 10**9,
        "weekly_note_line": _Lazy(lambda: _note_line(world)),
        "tracker_import": _Lazy(lambda: _tracker_import(world)),
    }
