"""Highlight an alliance's glossary terms in user text: `{% glossary text alliance %}`.

The text is the user's own (minutes, a decision, an obligation's description): every piece of
it is escaped, and each occurrence of a term (whole words, any case) is wrapped in
`<abbr class="glossary-term" title="meaning">`, the meaning escaped too. Line breaks become
`<br>`. The alliance's term list is read once per request (kept on the request).
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from accord.core.registry import glossary_words

register = template.Library()

MAX_TITLE = 300


def compile_words(words: list[tuple[str, str]]):
    """A pattern matching any word (longest first) and each lower-cased word's meaning."""
    meanings: dict[str, str] = {}
    for word, meaning in words:
        key = " ".join(word.split()).lower()
        if key and key not in meanings:
            meanings[key] = " ".join((meaning or "").split())[:MAX_TITLE]
    if not meanings:
        return None, meanings
    alternatives = sorted(meanings, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in key.split()) for key in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE), meanings


def highlight(text, pattern, meanings) -> str:
    """Escaped `text` with each match wrapped in an <abbr> carrying its meaning."""
    text = "" if text is None else str(text)
    pieces, last = [], 0
    if pattern is not None:
        for match in pattern.finditer(text):
            pieces.append(conditional_escape(text[last : match.start()]))
            found = match.group(0)
            meaning = meanings.get(" ".join(found.split()).lower(), "")
            pieces.append(
                format_html('<abbr class="glossary-term" title="{}">{}</abbr>', meaning, found)
            )
            last = match.end()
    pieces.append(conditional_escape(text[last:]))
    html = "".join(str(piece) for piece in pieces)
    return mark_safe(html.replace("\r\n", "\n").replace("\n", "<br>"))  # noqa: S308 (escaped above)


def _compiled(context, alliance):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    key = (getattr(alliance, "pk", alliance), getattr(user, "pk", None))
    cache = getattr(request, "_glossary_cache", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._glossary_cache = cache
    if key not in cache:
        words = glossary_words(alliance, user) if alliance is not None and user else []
        cache[key] = compile_words(words)
    return cache[key]


@register.simple_tag(takes_context=True)
def glossary(context, text, alliance):
    pattern, meanings = _compiled(context, alliance)
    return highlight(text, pattern, meanings)
