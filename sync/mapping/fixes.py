"""Which mechanical fixes apply to which Zotero items (pure: item JSON in, partial updates out).

The fixes need no judgement, so ``python -m sync fix --apply`` may write them:

* a ``url`` that is the doi.org link of the item's DOI: the DOI goes to the DOI
  field (or, for item types without one, a ``DOI:`` line in Extra) and the url is cleared;
* a resolver prefix in the DOI field (``https://doi.org/10.1/x`` → ``10.1/x``);
* a date written with a legacy month ("Nov. 2019", "sep 2019") → ISO ("2019-11");
* a tag whose spelling differs only in case from the spelling most items use → that spelling;
* blanks around field values, creator names and tags.

Each fix is a partial update (only the changed fields) with the item's
``version``, so the write fails for an item someone edited meanwhile.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ext.lint.identifiers import doi_link
from ext.reader.fields import MONTHS
from ext.reader.urls import bare_doi

NOT_ENTRIES = frozenset({"note", "attachment", "annotation"})
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})$")
_FIXED_KEYS = frozenset({"key", "version", "itemType", "dateAdded", "dateModified", "parentItem"})
#: Fields whose inner line breaks mean something; only their ends are trimmed.
_MULTILINE = frozenset({"abstractNote", "extra", "note"})


@dataclass
class ItemFix:
    """The partial update of one item, and why."""

    key: str
    version: int
    title: str
    changes: dict[str, Any] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    unfixed: list[str] = field(default_factory=list)  #: slips found but left to a curator (reported)

    def patch(self) -> dict[str, Any]:
        return {"key": self.key, "version": self.version, **self.changes}


def _is_entry(data: dict) -> bool:
    return data.get("itemType") not in NOT_ENTRIES and not data.get("parentItem") and not data.get("deleted")


def legacy_month_date(date: str) -> str | None:
    """ "Nov. 2019" → "2019-11", "sep 12, 2019" → "2019-09-12"; full month names are left alone."""
    match = _MONTH_YEAR.match(date.strip())
    if not match:
        return None
    word, day, year = match.groups()
    month = next((m for m in MONTHS if m.lower().startswith(word.lower().rstrip("."))), None)
    if month is None or (word == month and "." not in date):
        return None  # "June 2019" is already how Zotero writes a month
    number = MONTHS.index(month) + 1
    return f"{year}-{number:02d}-{int(day):02d}" if day else f"{year}-{number:02d}"


def tag_spellings(items: list[dict]) -> dict[str, str]:
    """Tag spelling → the spelling most items use among its case variants (no entry on a tie)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        data = item.get("data", item)
        if not _is_entry(data):
            continue
        for tag in {t.get("tag", "").strip() for t in data.get("tags") or []} - {""}:
            counts[tag.casefold()][tag] += 1
    result: dict[str, str] = {}
    for spellings in counts.values():
        ranked = spellings.most_common()
        if len(ranked) > 1 and ranked[0][1] > ranked[1][1]:
            result.update({spelling: ranked[0][0] for spelling, _ in ranked[1:]})
    return result


def _trimmed(data: dict, fix: ItemFix) -> None:
    for name, value in data.items():
        if name in _FIXED_KEYS or not isinstance(value, str) or value == value.strip():
            continue
        if name not in fix.changes:
            fix.changes[name] = value.strip()
            fix.reasons.append(f"blanks trimmed in {name}")
    creators = data.get("creators") or []
    cleaned = [{k: v.strip() if isinstance(v, str) else v for k, v in c.items()} for c in creators]
    if cleaned != creators:
        fix.changes["creators"] = cleaned
        fix.reasons.append("blanks trimmed in creator names")


def _doi_fixes(data: dict, fix: ItemFix) -> None:
    doi, url = data.get("DOI"), data.get("url") or ""
    found = doi_link(url)
    if found is not None and found.doi is None:
        fix.unfixed.append(f"url {url!r} is a doi.org link, but {found.problem}: fix the DOI and url by hand")
    if found is not None and found.doi:
        linked = found.doi
        if doi is not None:  # the type has a DOI field
            if not doi.strip():
                fix.changes.update({"DOI": linked, "url": ""})
                dropped = f" (the link's {found.dropped} left out)" if found.dropped else ""
                fix.reasons.append(f"DOI {linked} moved from url to the DOI field{dropped}")
            elif bare_doi(doi).lower() == linked.lower():
                fix.changes["url"] = ""
                fix.reasons.append("url cleared (it was the link of the DOI)")
        else:
            extra = data.get("extra") or ""
            if not re.search(r"(?im)^\s*doi\s*:", extra):
                fix.changes.update({"extra": f"{extra.rstrip()}\nDOI: {linked}".lstrip(), "url": ""})
                fix.reasons.append(f"DOI {linked} moved from url to Extra (this item type has no DOI field)")
    if doi and "DOI" not in fix.changes:
        bare = bare_doi(doi)
        if bare != doi.strip() and bare.startswith("10."):
            fix.changes["DOI"] = bare
            fix.reasons.append(f"resolver prefix removed from DOI {bare}")


def plan_fixes(items: list[dict]) -> list[ItemFix]:
    """The fixes for every regular item of *items* (API JSON), in the order given; items needing none are left out.

    A plan may hold only ``unfixed`` slips (reported, not written): it has no changes to apply.
    """
    spellings = tag_spellings(items)
    plans = []
    for item in items:
        data = item.get("data", item)
        if not _is_entry(data):
            continue
        fix = ItemFix(
            str(data.get("key") or item.get("key")),
            int(data.get("version", item.get("version", 0))),
            data.get("title", ""),
        )
        _doi_fixes(data, fix)
        iso = legacy_month_date(data.get("date") or "")
        if iso:
            fix.changes["date"] = iso
            fix.reasons.append(f"date {data['date']!r} → {iso}")
        tags = data.get("tags") or []
        merged: list[dict] = []
        for tag in tags:
            text = tag.get("tag", "").strip()
            new = {**tag, "tag": spellings.get(text, text)}
            if new["tag"] and all(
                (new["tag"], new.get("type", 0)) != (t["tag"], t.get("type", 0)) for t in merged
            ):
                merged.append(new)
        if merged != tags:
            fix.changes["tags"] = merged
            renamed = sorted({t.get("tag", "").strip() for t in tags} & set(spellings))
            fix.reasons.append(
                f"tag {', '.join(repr(t) for t in renamed)} → the majority spelling"
                if renamed
                else "blanks trimmed in tags"
            )
        _trimmed(data, fix)
        if fix.changes or fix.unfixed:
            plans.append(fix)
    return plans
