"""The rows of an app's urls.py, written once.

Every address is named like the view it calls, so a row needs only the address's words and
the view's name: `pages` lays out the addresses under one prefix, `routes` those of one kind
of record (its list, its page and its verbs).
"""

from __future__ import annotations

from django.urls import path


def address(prefix: str, word: str) -> str:
    """`<prefix><word>/`: the prefix itself for no word, no slash after a file (`export.xlsx`)."""
    if not word or "." in word.rsplit("/", 1)[-1]:
        return prefix + word
    return f"{prefix}{word}/"


def pages(prefix: str, module, *words, name: str = "", **views) -> list:
    """Addresses under `prefix`, each named like its view in `module`:

    - for each word, `<prefix><word>/` to the view `<name>_<word>` (`<word>` without a name);
      a word given as a pair (`("status", "transition")`) is the address's word and the view's;
    - for each `view=word`, `<prefix><word>/` to `view` (`""` is the prefix itself).
    """
    rows = [w if isinstance(w, tuple) else (w, w) for w in words]
    named = [(word, f"{name}_{view}" if name else view) for word, view in rows]
    named += [(word, view) for view, word in views.items()]
    return [path(address(prefix, word), getattr(module, view), name=view) for word, view in named]


def routes(prefix: str, module, name: str, *verbs, lists=None, detail: bool = True) -> list:
    """The addresses of one kind of record, each named like its view in `module`:

    - with `lists` (the module of the list's views), the list `<prefix>` (`<name>_list`) and
      its `<prefix>export.xlsx` (`<name>_export`);
    - unless `detail=False`, the record's page `<prefix><pk>/` (`<name>_detail`);
    - for each verb, `<prefix><pk>/<verb>/` (`<name>_<verb>`); a verb given as a pair
      (`("status", "transition")`) is the address's word and the view's.
    """
    patterns = []
    if lists is not None:
        patterns += pages(prefix, lists, ("", "list"), ("export.xlsx", "export"), name=name)
    if detail:
        patterns += pages(prefix, module, ("<int:pk>", "detail"), name=name)
    return patterns + pages(f"{prefix}<int:pk>/", module, *verbs, name=name)
