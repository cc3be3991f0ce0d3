"""The parties named in an agreement's preamble, matched to the companies Accord knows.

Names compare without case, punctuation or legal suffixes ("Kestrel Biotherapeutics, Inc." is
"kestrel biotherapeutics"); a name that matches no company is offered as a new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUFFIXES = {
    "inc", "incorporated", "ltd", "limited", "llc", "lc", "llp", "lp", "gmbh", "ag", "sa",
    "sas", "sarl", "spa", "srl", "plc", "corp", "corporation", "co", "company", "bv", "nv",
    "kk", "se", "ab", "as", "oy", "pty", "pte", "kg", "the",
}  # fmt: skip
_SUFFIX = (
    r"(?:Inc|Incorporated|Ltd|Limited|L\.?L\.?C|LLP|L\.?P|GmbH|AG|S\.?A\.?S?|S\.?[aA]\.?[rR]\.?[lL]"
    r"|S\.?p\.?A|plc|PLC|Corp|Corporation|Company|B\.?V|N\.?V|K\.?K|SE|AB|A/S|Pty\.?\s+Ltd)\.?"
)
NAME = re.compile(
    rf"\b((?:[A-Z][\w&'\-]*\.?\s+|(?:of|and|&|de|du)\s+){{0,6}}[A-Z][\w&'\-]*\.?,?\s+{_SUFFIX})(?![\w])"
)


def key(name: str) -> str:
    """The comparable form of a company name."""
    words = re.sub(r"[^\w\s&]", " ", name.lower().replace("&", " and ")).split()
    while words and words[-1] in SUFFIXES:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True)
class Party:
    name: str  # as the agreement writes it
    company_id: int | None  # the known company it is, or None to offer as new
    company_name: str = ""


def match(text: str, companies) -> list[Party]:
    """Parties in `text`: first every known company the text names, then names with a legal
    suffix that match no company. `companies` is an iterable of (pk, name)."""
    flat = " " + key(text) + " "
    found, seen = [], set()
    for pk, name in companies:
        k = key(name)
        if k and f" {k} " in flat and pk not in seen:
            seen.add(pk)
            found.append(Party(name, pk, name))
    known = {key(p.name) for p in found}
    for candidate in NAME.finditer(text):
        name = " ".join(candidate.group(1).split()).strip(" ,")
        name = re.sub(r"^(?:and|between|by|of)\s+", "", name, flags=re.I)
        k = key(name)
        if k and k not in known and not any(k in kn or kn in k for kn in known):
            known.add(k)
            found.append(Party(name, None))
    return found
