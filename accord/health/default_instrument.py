"""Accord's own alliance health questionnaire, written for Accord (no proprietary source).

The questionnaire is data/instrument.json. Structure: category → theme → items. Item kinds:
"agree5" (1-5 agreement), "scale100" (0-100 with anchored descriptions), "yesno" and "text" (free
comments, never scored).
"""

from accord.core.seeding import load_data

_INSTRUMENT = load_data("accord.health", "instrument")
FAMILY: str = _INSTRUMENT["family"]
NAME: str = _INSTRUMENT["name"]
DESCRIPTION: str = _INSTRUMENT["description"]

# (category key, category name, [(theme key, theme name, [(kind, text, anchors or None)])])
CATEGORIES = [
    (
        category["key"],
        category["name"],
        [
            (
                theme["key"],
                theme["name"],
                [(item["kind"], item["text"], item.get("anchors")) for item in theme["items"]],
            )
            for theme in category["themes"]
        ],
    )
    for category in _INSTRUMENT["categories"]
]


def item_count() -> int:
    return sum(len(items) for _, _, themes in CATEGORIES for _, _, items in themes)
