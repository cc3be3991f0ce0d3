"""The templates library's starter documents, written for Accord and generated with python-docx.

`starter_docx(kind, version=1)` returns the bytes of a Word document; the demo seed stores them
through accord.core.files like any upload.
"""

from __future__ import annotations

from io import BytesIO

from .models import TemplateKind

LIBRARY = {
    TemplateKind.CHARTER: (
        "Governance charter",
        "Purpose, membership, decision rights, quorum and escalation of the Joint Steering Committee and its sub-committees.",
    ),
    TemplateKind.AGENDA: (
        "JSC meeting agenda",
        "Standing agenda with decisions asked for, pre-reads and owners; circulated ten days ahead.",
    ),
    TemplateKind.MINUTES: (
        "JSC meeting minutes",
        "Decisions, actions and open issues, approved by both co-chairs within fourteen days.",
    ),
    TemplateKind.ESCALATION: (
        "Issue escalation form",
        "States an issue once, with both partners' positions and the decision asked of the next level.",
    ),
    TemplateKind.HEALTH_CHECK: (
        "Alliance health check invitation",
        "Invites both teams to the two-sided health survey and explains how answers are used.",
    ),
    TemplateKind.LAUNCH_CHECKLIST: (
        "Alliance launch checklist",
        "The 45-day early deliverables and the 100-day launch plan, item by item.",
    ),
    TemplateKind.COMMUNICATION_PLAN: (
        "Communication plan",
        "Who hears what, when and through which channel; rules for press releases and disclosures.",
    ),
    TemplateKind.CONTACTS: (
        "Contacts and escalation list",
        "Both partners' counterparts by function and the escalation path from team to executive sponsors.",
    ),
    TemplateKind.TERMINATION_CHECKLIST: (
        "Termination close-out checklist",
        "Return of rights, data and materials, final reports and the obligations that survive.",
    ),
}

BODY = {
    TemplateKind.CHARTER: [
        ("h", "1. Purpose"),
        (
            "p",
            "The Joint Steering Committee (JSC) oversees the collaboration under the Agreement between [Party A] and [Party B] dated [Effective Date]. It aligns the partners on strategy, approves plans and budgets within its authority, and resolves issues escalated by the sub-committees.",
        ),
        ("h", "2. Membership"),
        (
            "t",
            ["Role", "[Party A]", "[Party B]"],
            [
                ["Co-chair", "", ""],
                ["Member (development)", "", ""],
                ["Member (commercial)", "", ""],
                ["Alliance manager (non-voting)", "", ""],
            ],
        ),
        ("h", "3. Decision making"),
        (
            "b",
            [
                "Decisions are taken by consensus, each party having one collective vote.",
                "Quorum: at least one co-chair and one further member of each party.",
                "Where the Agreement gives a party the final say on a matter, the charter repeats the clause number; it never widens it.",
                "Capitalised words have the meaning given in the Agreement's definitions.",
            ],
        ),
        ("h", "4. Meetings"),
        (
            "p",
            "The JSC meets [quarterly]. The agenda and pre-reads are circulated ten days ahead; minutes are approved by both co-chairs within fourteen days.",
        ),
        ("h", "5. Escalation"),
        (
            "p",
            "An issue the JSC cannot resolve within [30] days goes to the executive sponsors named in the contacts and escalation list, using the issue escalation form.",
        ),
    ],
    TemplateKind.AGENDA: [
        ("p", "Meeting: [JSC / sub-committee]   Date: [ ]   Location / link: [ ]"),
        (
            "t",
            ["Item", "Purpose (decision / discussion / information)", "Owner", "Minutes"],
            [
                ["Welcome, approval of previous minutes", "Decision", "Co-chairs", "5"],
                [
                    "Status against joint goals and scorecard",
                    "Information",
                    "Alliance managers",
                    "15",
                ],
                ["Decisions requested", "Decision", "", "30"],
                ["Issues and escalations", "Discussion", "", "15"],
                [
                    "Upcoming milestones and notice deadlines",
                    "Information",
                    "Alliance managers",
                    "10",
                ],
                ["Actions and close", "", "Co-chairs", "5"],
            ],
        ),
        (
            "p",
            "Pre-reads are attached ten days before the meeting. A decision item states the decision asked for in one sentence.",
        ),
    ],
    TemplateKind.MINUTES: [
        ("p", "Meeting: [ ]   Date: [ ]   Present: [ ]   Apologies: [ ]"),
        ("h", "Decisions"),
        ("t", ["#", "Decision", "Agreement reference"], [["1", "", ""]]),
        ("h", "Actions"),
        ("t", ["#", "Action", "Owner", "Due"], [["1", "", "", ""]]),
        ("h", "Open issues"),
        ("p", "Issues raised, with the level they sit at (team, JSC, executive sponsors)."),
        ("p", "Approved by: [Co-chair, Party A] [date]   [Co-chair, Party B] [date]"),
    ],
    TemplateKind.ESCALATION: [
        (
            "t",
            ["Field", "Entry"],
            [
                ["Issue title", ""],
                ["Raised by / date", ""],
                ["Level now (team, sub-committee, JSC)", ""],
                ["Escalated to", ""],
            ],
        ),
        ("h", "The issue in one paragraph"),
        ("p", "State the facts both partners agree on first."),
        ("h", "Positions"),
        (
            "t",
            ["", "[Party A]", "[Party B]"],
            [
                ["Position", "", ""],
                ["Rationale", "", ""],
                ["Impact if unresolved (time, value, relationship)", "", ""],
            ],
        ),
        ("h", "Decision requested and by when"),
        ("p", "Options considered, with the contract clause and defined terms that apply."),
    ],
    TemplateKind.HEALTH_CHECK: [
        ("p", "Dear colleague,"),
        (
            "p",
            "Twice a year both teams of the [Alliance] assess how the partnership is working. The survey takes about ten minutes and asks about trust, communication, decision making, conflict resolution, alignment on value and ways of working.",
        ),
        (
            "p",
            "Answers are anonymous; results are shown only for groups of five or more people. Both partners see the same results, compared side by side and with the last survey, and the JSC agrees two or three actions from them.",
        ),
        ("p", "Please respond by [date]. Thank you for helping the alliance work better."),
        ("p", "[Alliance managers of both partners]"),
    ],
    TemplateKind.LAUNCH_CHECKLIST: [
        ("h", "Early deliverables (within 45 days)"),
        (
            "t",
            ["Deliverable", "Owner", "Due", "Done"],
            [
                ["Handover from business development", "BD", "Day 7", ""],
                ["Obligations and notice deadlines mapped", "AM", "Day 21", ""],
                ["Contacts and escalation list shared", "AM", "Day 21", ""],
                ["Governance formed; charter and members agreed", "AM", "Day 30", ""],
                ["Kick-off meeting held", "AM", "Day 30", ""],
                ["Work plan checked against defined terms", "PM", "Day 30", ""],
                ["Communication plan agreed", "AM", "Day 45", ""],
                ["Joint goals endorsed", "JSC", "Day 45", ""],
            ],
        ),
        ("h", "100-day launch plan"),
        (
            "b",
            [
                "First JSC held and minutes approved (day 60)",
                "Partner's decision processes mapped (day 75)",
                "Baseline health check (day 90)",
                "Launch review with executive sponsors (day 100)",
            ],
        ),
    ],
    TemplateKind.COMMUNICATION_PLAN: [
        (
            "t",
            ["Audience", "What", "When", "Channel", "Owner"],
            [
                [
                    "JSC members",
                    "Status, decisions requested",
                    "10 days before each JSC",
                    "Pre-read",
                    "Alliance managers",
                ],
                [
                    "Alliance teams",
                    "Decisions and actions",
                    "After each JSC",
                    "Minutes",
                    "Alliance managers",
                ],
                [
                    "Executives",
                    "Milestones, risks, health, value",
                    "Quarterly",
                    "Executive note",
                    "Alliance manager",
                ],
                [
                    "External",
                    "Press releases, publications",
                    "As agreed",
                    "Joint review",
                    "Corporate communications",
                ],
            ],
        ),
        (
            "p",
            "Press releases: each partner gives the other [5] business days to review. Events one partner discloses and the other does not (e.g. a filing before acceptance) are agreed in advance.",
        ),
    ],
    TemplateKind.CONTACTS: [
        (
            "t",
            ["Function", "[Party A] name, email", "[Party B] name, email"],
            [
                ["Alliance management", "", ""],
                ["Program / project management", "", ""],
                ["Clinical development", "", ""],
                ["Regulatory", "", ""],
                ["CMC / supply", "", ""],
                ["Finance", "", ""],
                ["Legal", "", ""],
            ],
        ),
        ("h", "Escalation path"),
        (
            "b",
            [
                "Working team leads (resolve within 10 business days)",
                "Joint Steering Committee co-chairs (30 days)",
                "Executive sponsors (as the Agreement provides)",
            ],
        ),
    ],
    TemplateKind.TERMINATION_CHECKLIST: [
        (
            "t",
            ["Item", "Agreement clause", "Owner", "Due", "Done"],
            [
                ["Notice given / received and effective date confirmed", "", "AM", "", ""],
                ["Licences, options and target reservations returned in writing", "", "BD", "", ""],
                [
                    "Data and materials returned or destroyed, certified",
                    "",
                    "Functional leads",
                    "",
                    "",
                ],
                ["Regulatory filings and safety obligations transferred", "", "Regulatory", "", ""],
                ["Final development, financial and royalty reports", "", "AM / Finance", "", ""],
                ["Final payments reconciled", "", "Finance", "", ""],
            ],
        ),
        ("h", "Obligations that survive termination"),
        (
            "b",
            [
                "Confidentiality",
                "Indemnities and insurance",
                "Audit rights",
                "Royalties on sales before termination",
                "Publication restrictions",
            ],
        ),
    ],
}


def starter_docx(kind: str, version: int = 1) -> bytes:
    import docx

    title, purpose = LIBRARY[kind]
    word = docx.Document()
    word.core_properties.title = title
    word.core_properties.author = "Alliance Management"
    word.add_heading(title, level=0)
    word.add_paragraph(f"Template version {version} · Alliance management toolkit")
    word.add_paragraph(purpose)
    for entry in BODY[kind]:
        form = entry[0]
        if form == "h":
            word.add_heading(entry[1], level=1)
        elif form == "p":
            word.add_paragraph(entry[1])
        elif form == "b":
            for item in entry[1]:
                word.add_paragraph(item, style="List Bullet")
        elif form == "t":
            headers, rows = entry[1], entry[2]
            table = word.add_table(rows=1, cols=len(headers))
            table.style = "Light Grid Accent 1"
            for index, header in enumerate(headers):
                table.rows[0].cells[index].text = header
            for row in rows:
                cells = table.add_row().cells
                for index, value in enumerate(row):
                    cells[index].text = value
    if version > 1:
        word.add_paragraph(
            f"Changes in version {version}: wording aligned with the Agreement's defined terms."
        )
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def starter_upload(kind: str, version: int = 1):
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = LIBRARY[kind][0].lower().replace(" ", "-")
    return SimpleUploadedFile(
        f"{name}-v{version}.docx",
        starter_docx(kind, version),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
