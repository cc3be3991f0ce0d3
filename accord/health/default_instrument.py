"""Accord's own alliance health questionnaire, written for Accord (no proprietary source).

The questionnaire is data/instrument.json. Structure: category → theme → items. Item kinds:
"agree5" (1-5 agreement), "scale100" (0-100 with anchored descriptions), "yesno" and "text" (free
comments, never scored). Every name and question carries its translations into the languages
Accord ships ("translations": {"ja": {"text": "…", "anchors": {…}}, …}), so a partner answers in
their own language and the answers still belong to the same item.
"""

from accord.core.seeding import load_data

_INSTRUMENT = load_data("accord.health", "instrument")
FAMILY: str = _INSTRUMENT["family"]
NAME: str = _INSTRUMENT["name"]
DESCRIPTION: str = _INSTRUMENT["description"]
TRANSLATIONS: dict = _INSTRUMENT.get("translations", {})

# The tree as read: [{"key", "name", "translations", "themes": [{"key", "name", "translations",
# "items": [{"kind", "text", "anchors"?, "translations"}]}]}]
CATEGORIES: list[dict] = _INSTRUMENT["categories"]


def item_count() -> int:
    return sum(len(theme["items"]) for category in CATEGORIES for theme in category["themes"])
