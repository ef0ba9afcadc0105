"""Keywords (Zotero tags): variants of one keyword, junk tags, single-use tags, wrong separators.

The page's topic filter lists every keyword, so "Pruning" and "pruning" show as
two topics, and a keyword on one entry is a filter that finds one paper.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from ext.lint.model import Corpus, EntryView, Hit, Rule

RULES = (
    Rule(
        "keyword-variant",
        "warning",
        "keywords that differ only in case or spelling (case variants: fixable)",
        "zotero,bib",
    ),
    Rule("keyword-junk", "warning", "a keyword that is a tool's marker, not a topic (dblp, nn)"),
    Rule("keyword-separator", "warning", "keywords separated by ';' (BibTeX reads one long keyword)"),
    Rule("keyword-single", "info", "a keyword used by a single entry (a topic filter that finds one paper)"),
)
#: Tags that import tools and reading workflows leave behind.
JUNK = frozenset(
    {"dblp", "nn", "imported", "checked", "toread", "to read", "read", "todo", "unread", "_tablet"}
)
IGNORE_PREFIX = "lint-ignore"


def keywords_of(view: EntryView) -> list[str]:
    """The entry's keywords, split at commas as biblatex splits them (lint markers left out)."""
    text = view.raw("keywords") or view.raw("keyword") or ""
    return [
        word.strip()
        for word in text.split(",")
        if word.strip() and not word.strip().startswith(IGNORE_PREFIX)
    ]


def variant_key(keyword: str) -> str:
    """What makes two keywords the same topic: case, blanks, hyphens and a plural -s ignored."""
    words = re.findall(r"[^\W_]+", keyword.casefold())
    return " ".join(
        word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
        for word in words
    )


def majority_spellings(corpus: Corpus) -> dict[str, str]:
    """Each keyword spelling → the spelling most entries use among its case variants (ties: no entry).

    Only case is merged mechanically; "accelerator"/"Accelerators" needs a curator.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for view in corpus.entries:
        for keyword in dict.fromkeys(keywords_of(view)):
            counts[keyword.casefold()][keyword] += 1
    result: dict[str, str] = {}
    for spellings in counts.values():
        if len(spellings) < 2:
            continue
        ranked = spellings.most_common()
        if ranked[0][1] == ranked[1][1]:
            continue
        for spelling, _ in ranked[1:]:
            result[spelling] = ranked[0][0]
    return result


def check(corpus: Corpus) -> Iterator[Hit]:
    users: dict[str, list[str]] = defaultdict(list)  # variant key → entries
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for view in corpus.entries:
        field = "keywords" if view.raw("keywords") else "keyword"
        raw = view.raw(field) or ""
        if ";" in raw and "," not in raw:
            yield Hit(
                "keyword-separator",
                view.key,
                f"{field} {raw[:60]!r} separates keywords with ';'; BibTeX and biblatex split at ',' only: "
                "use commas (in Zotero: one tag per keyword)",
                field,
            )
        for keyword in dict.fromkeys(keywords_of(view)):
            variant = variant_key(keyword)
            users[variant].append(view.key)
            spellings[variant][keyword] += 1
            if keyword.casefold() in JUNK:
                yield Hit(
                    "keyword-junk",
                    view.key,
                    f"keyword {keyword!r} is a tool's marker, not a topic; delete the tag",
                    field,
                )
    for view in corpus.entries:
        field = "keywords" if view.raw("keywords") else "keyword"
        for keyword in dict.fromkeys(keywords_of(view)):
            variant = variant_key(keyword)
            forms = spellings[variant]
            if len(forms) > 1:
                ranked = forms.most_common()
                best = ranked[0][0] if ranked[0][1] > ranked[1][1] else None
                if keyword != best:
                    others = ", ".join(repr(form) for form in forms if form != keyword)
                    target = f"write {best!r}" if best else "pick one spelling for all of them"
                    yield Hit(
                        "keyword-variant",
                        view.key,
                        f"keyword {keyword!r} is also written {others}; {target}",
                        field,
                    )
            elif len(users[variant]) == 1 and keyword.casefold() not in JUNK and ";" not in keyword:
                yield Hit(
                    "keyword-single",
                    view.key,
                    f"keyword {keyword!r} is used by this entry only; tag related entries with it, or drop it",
                    field,
                )
