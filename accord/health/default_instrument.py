"""Accord's own alliance health questionnaire, written for Accord (no proprietary source).

Structure: category → theme → items. Item kinds: "agree5" (1-5 agreement), "scale100" (0-100
with anchored descriptions), "yesno" and "text" (free comments, never scored).
"""

FAMILY = "alliance-health"
NAME = "Alliance health check"
DESCRIPTION = (
    "A two-sided assessment of how the partnership is doing: strategic fit, execution, "
    "governance, the working relationship and leadership commitment. Answer for the alliance "
    "as you experience it over the last six months."
)

A = "agree5"
S = "scale100"
Y = "yesno"
T = "text"

ANCHORS_VALUE = {
    "0": "No value so far for my company",
    "50": "Value roughly as planned at signing",
    "100": "Clearly more value than planned",
}
ANCHORS_PACE = {
    "0": "Decisions routinely stall for months",
    "50": "Most decisions are made in reasonable time",
    "100": "Decisions are made as fast as the work needs",
}
ANCHORS_TRUST = {
    "0": "We check everything the partner tells us",
    "50": "We trust the partner on most things",
    "100": "We rely on the partner's word without hesitation",
}

# (category key, category name, [(theme key, theme name, [(kind, text, anchors)])])
CATEGORIES = [
    (
        "strategic-fit",
        "Strategic fit and value",
        [
            (
                "shared-goals",
                "Shared goals",
                [
                    (
                        A,
                        "Both companies share a clear view of what this alliance is meant to achieve.",
                        None,
                    ),
                    (
                        A,
                        "The alliance's goals are still consistent with my company's strategy.",
                        None,
                    ),
                    (
                        A,
                        "Changes in either company's priorities are discussed openly with the partner.",
                        None,
                    ),
                ],
            ),
            (
                "value",
                "Value for both partners",
                [
                    (
                        S,
                        "How much value has the alliance created for your company so far?",
                        ANCHORS_VALUE,
                    ),
                    (A, "I believe the partner also gets fair value from this alliance.", None),
                    (A, "The contributions each company makes are recognised by the other.", None),
                ],
            ),
        ],
    ),
    (
        "execution",
        "Operational effectiveness and execution",
        [
            (
                "delivery",
                "Planning and delivery",
                [
                    (A, "The joint work plan is realistic and kept up to date.", None),
                    (
                        A,
                        "Milestones and deliverables are met on time, or slippage is flagged early.",
                        None,
                    ),
                    (Y, "Did the alliance meet its most recent major milestone on schedule?", None),
                ],
            ),
            (
                "roles",
                "Roles and resources",
                [
                    (A, "Roles and responsibilities between the companies are clear.", None),
                    (A, "Both companies staff the alliance with enough capable people.", None),
                    (A, "New team members are introduced to the alliance and how it works.", None),
                ],
            ),
        ],
    ),
    (
        "governance",
        "Governance and decision-making",
        [
            (
                "governance-bodies",
                "Governance bodies",
                [
                    (
                        A,
                        "The steering committee focuses on the decisions and risks that matter.",
                        None,
                    ),
                    (
                        A,
                        "Meetings are prepared well, and minutes and actions are followed up.",
                        None,
                    ),
                    (A, "The remit of each committee and team is clear to its members.", None),
                ],
            ),
            (
                "decision-making",
                "Decision-making",
                [
                    (A, "It is clear who decides what, and how.", None),
                    (S, "How quickly does the alliance make the decisions it needs?", ANCHORS_PACE),
                    (A, "Once made, decisions are respected by both companies.", None),
                ],
            ),
        ],
    ),
    (
        "relationship",
        "Relationship",
        [
            (
                "trust",
                "Trust",
                [
                    (
                        S,
                        "How far can your company rely on what the partner says and commits to?",
                        ANCHORS_TRUST,
                    ),
                    (
                        A,
                        "The partner acts in the interest of the alliance, not only its own.",
                        None,
                    ),
                    (A, "Confidential information is handled with care by both sides.", None),
                ],
            ),
            (
                "communication",
                "Communication",
                [
                    (
                        A,
                        "I get the information I need from the partner in time to do my job.",
                        None,
                    ),
                    (A, "Bad news is shared early rather than hidden.", None),
                    (
                        A,
                        "We use the same words for the same things (defined terms, milestones).",
                        None,
                    ),
                ],
            ),
            (
                "conflict-resolution",
                "Conflict resolution",
                [
                    (A, "Disagreements are raised openly and worked through constructively.", None),
                    (
                        A,
                        "The escalation path is known and used before issues become disputes.",
                        None,
                    ),
                    (
                        Y,
                        "Has an issue between the companies stayed unresolved for more than three months?",
                        None,
                    ),
                ],
            ),
            (
                "respect",
                "Respect",
                [
                    (A, "The partner's expertise is respected and used.", None),
                    (A, "People from both companies treat each other as one team.", None),
                ],
            ),
            (
                "ways-of-working",
                "Ways of working and culture",
                [
                    (
                        A,
                        "Differences in our companies' cultures and processes are understood and bridged.",
                        None,
                    ),
                    (
                        A,
                        "Working with the partner is efficient: few duplicated reviews or approvals.",
                        None,
                    ),
                    (A, "We make time to learn from what works and what does not.", None),
                ],
            ),
        ],
    ),
    (
        "leadership",
        "Leadership commitment",
        [
            (
                "sponsorship",
                "Executive sponsorship",
                [
                    (A, "Senior leaders of my company visibly support this alliance.", None),
                    (A, "The partner's senior leaders visibly support this alliance.", None),
                    (A, "Executive sponsors step in when the alliance needs them.", None),
                ],
            ),
            (
                "leadership-behaviour",
                "Leadership behaviour",
                [
                    (
                        A,
                        "Alliance leaders on both sides model the collaboration they ask for.",
                        None,
                    ),
                    (
                        A,
                        "The alliance gets the resources and attention its importance deserves.",
                        None,
                    ),
                ],
            ),
        ],
    ),
    (
        "comments",
        "Your comments",
        [
            (
                "comments",
                "Comments",
                [
                    (T, "What is working well in this alliance?", None),
                    (T, "What one change would most improve the alliance?", None),
                ],
            ),
        ],
    ),
]


def item_count() -> int:
    return sum(len(items) for _, _, themes in CATEGORIES for _, _, items in themes)
