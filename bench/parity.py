"""How much of what Zotero's own BibTeX export keeps the mirror keeps (issue 22's acceptance numbers).

``python bench/parity.py DIR/*.js`` reads the test cases of Zotero translators (a checkout of
https://github.com/zotero/translators; nothing of it is stored here), serves their items (child notes
and attachments included) from the fake Zotero server, pulls them with ``python -m sync pull``, and
compares each entry field by field with what Zotero's BibTeX export writes for the same item. That
export is modelled below from our reading of its rules (type map, field map, creator roles, Extra's
identifiers, strToDate); ``annote`` and ``file`` (both optional there) are left out. It prints the
share of export fields the entry has the same or equivalently (the same value in the biblatex field
that means it), the items lost, and the entries whose rendering shows raw markup. ``--repo PATH``
measures another checkout (say, the commit before a change).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

_TESTS = re.compile(r"var testCases = (.*?);?\s*/\*\* END TEST CASES \*\*/", re.S)
#: export field → the item field (base fields count: a thesis's ``thesisType`` is its ``type``)
_FIELDS = {
    "address": "place",
    "chapter": "section",
    "edition": "edition",
    "type": "type",
    "series": "series",
    "title": "title",
    "volume": "volume",
    "copyright": "rights",
    "isbn": "ISBN",
    "issn": "ISSN",
    "shorttitle": "shortTitle",
    "url": "url",
    "doi": "DOI",
    "abstract": "abstractNote",
    "nationality": "country",
    "language": "language",
    "assignee": "assignee",
}
_IDS = {"LCCN": "lccn", "MR": "mrnumber", "Zbl": "zmnumber", "PMID": "pmid", "PMCID": "pmcid", "DOI": "doi"}
#: export field → the fields of ours that can hold the same thing
_HOMES = {
    "journal": ("journal", "booktitle", "howpublished"),
    "publisher": ("publisher", "organization", "institution", "school"),
    "school": ("school", "institution"),
    "institution": ("institution", "organization"),
    "address": ("address", "location"),
    "nationality": ("location",),
    "assignee": ("holder",),
    "editor": ("editor", "editorb"),
    "collaborator": ("editora", "editorb", "bookauthor", "editor", "translator", "author"),
}
_ARXIV = re.compile(r"^arXiv:\s*(\S+)(?:\s*\[[^\]]+\])?$")
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|\\[a-zA-Z]+|[{}]")


def _base(data: dict, schema, name: str) -> str:
    value = data.get(name)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return schema.value_by_base(data, name).strip()


def export(data: dict, schema, dates) -> dict[str, object]:
    """The fields Zotero's BibTeX export writes for *data* (names as lists, the rest as text)."""
    kind = data["itemType"]
    from fakezotero.bibtex import TYPES  # Zotero's export type map, as the fake server models it

    entry = TYPES.get(kind, "misc")
    thesis_type = re.sub(r"[\s.]+|thesis|unpublished", "", _base(data, schema, "type").lower())
    if entry == "phdthesis" and thesis_type in ("master", "masters", "master's", "ms", "msc", "ma"):
        entry = "mastersthesis"
    out: dict[str, object] = {"@type": entry}
    for field, name in _FIELDS.items():
        value = _base(data, schema, name)
        if value and not (field == "type" and entry == "mastersthesis"):
            out[field] = value
    numbers = ("reportNumber", "issue", "seriesNumber", "patentNumber")
    out["number"] = next((data[n] for n in numbers if data.get(n)), "")
    out["urldate"] = (data.get("accessDate") or "")[:10]
    container = _base(data, schema, "publicationTitle")
    out["booktitle" if kind in ("bookSection", "conferencePaper") else "journal"] = container
    out[{"thesis": "school", "report": "institution"}.get(kind, "publisher")] = _base(
        data, schema, "publisher"
    )
    year, month = dates.parse(_base(data, schema, "date"))
    out.update(year=year or "", month=str(month or ""), pages=data.get("pages") or "")
    out["keywords"] = ", ".join(tag["tag"] for tag in data.get("tags", []))
    _export_creators(data, schema, out)
    _export_extra(data, out)
    return {field: value for field, value in out.items() if value}


def _export_creators(data: dict, schema, out: dict[str, object]) -> None:
    """Editors and series editors as ``editor``, the primary role as ``author``, the rest ``collaborator``."""
    primary = schema.creator_types(data["itemType"])[:1]
    for creator in data.get("creators", []):
        role = creator.get("creatorType")
        field = {"editor": "editor", "seriesEditor": "editor", "translator": "translator"}.get(role or "")
        field = field or ("author" if role in primary else "collaborator")
        family = creator.get("lastName") or creator.get("name") or ""
        out.setdefault(field, []).append(family)  # type: ignore[union-attr]


def _export_extra(data: dict, out: dict[str, object]) -> None:
    """Extra's identifier lines as their fields, the rest (but the citation key) as ``note``."""
    notes = []
    for line in (data.get("extra") or "").splitlines():
        key, _, value = line.partition(":")
        if key.strip() in _IDS and value.strip():
            out[_IDS[key.strip()]] = value.strip()
        elif line.strip() and key.strip().lower() != "citation key":
            notes.append(line.strip())
    out["note"] = "\n".join(notes)


def _plain(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold()
    text = re.sub(r"[\u2010-\u2015-]+", "-", text)
    return " ".join(re.sub(r"[{}\"“”‘’'.,;:]", " ", text).split())


def _same(field: str, expected: object, ours: dict[str, str], names: dict[str, list[str]]) -> bool:
    """True when *ours* holds the export's value of *field* (in its field or one that means the same)."""
    from sync.mapping import richtext

    homes = _HOMES.get(field, (field,))
    if isinstance(expected, list):
        want = sorted(_plain(name) for name in expected)
        have = [_plain(n) for home in homes for n in names.get(home, [])]
        return all(name in have for name in want)
    value = _plain(richtext.plain(str(expected)))  # markup counts as kept when it became LaTeX
    if field == "publisher" and value == "arxiv" and ours.get("archiveprefix") == "arXiv":
        return True  # the archive prefix says it
    if field == "note":
        everything = _plain(" ".join(ours.values()))
        lines = [
            _ARXIV.sub(lambda m: "" if m.group(1) == ours.get("eprint") else m.group(), line)
            for line in str(expected).splitlines()
        ]
        return all(_plain(line.partition(":")[2] or line) in everything for line in lines if line.strip())
    if field == "keywords":
        return {_plain(t) for t in str(expected).split(",")} <= {
            _plain(t) for t in ours.get(field, "").split(",")
        }
    if field == "month":
        from ext.reader.fields import MONTHS, month_name

        return (month_name(ours.get("month") or "") or "") == MONTHS[int(str(expected)) - 1]
    if field in ("url", "doi"):
        return ours.get("@raw" + field, "").replace("%7B", "{").replace("%7D", "}") == str(expected).strip()
    if field == "year":
        return any(_plain(ours.get(home, "")).startswith(value) for home in homes)
    if field == "type" and ours.get("@type") in ("phdthesis", "mastersthesis", "patent", "techreport"):
        return ours.get("type") is None or _plain(ours["type"]) == value or ours["@type"] == "patent"
    if field == "@type":
        return ours["@type"] == expected or (expected, ours["@type"]) in (("misc", "inreference"),)
    return any(_plain(ours.get(home, "")) == value for home in homes)


def _items(paths: list[Path]) -> list[dict]:
    items = []
    for path in paths:
        found = _TESTS.search(path.read_text(encoding="utf-8"))
        for case in json.loads(found.group(1)) if found else []:
            items += [item for item in case.get("items", []) if isinstance(case.get("items"), list)]
    return items


def _zotero_item(item: dict, schema) -> tuple[dict, list[dict]]:
    """API item data for a translator's item (fields the type lacks left out), and its children."""
    allowed = set(schema.fields(item["itemType"])) | {"itemType", "creators", "tags"}
    data = {k: v for k, v in item.items() if k in allowed and v not in ("", None, "CURRENT_TIMESTAMP")}
    roles = schema.creator_types(item["itemType"])
    data["creators"] = [
        {
            "creatorType": c.get("creatorType", "author")
            if c.get("creatorType", "author") in roles
            else "contributor"
        }
        | (
            {"name": c["lastName"]}
            if c.get("fieldMode") == 1 or c.get("isInstitution")
            else {"firstName": c.get("firstName", ""), "lastName": c.get("lastName", "")}
        )
        for c in item.get("creators", [])
    ]
    data["tags"] = [{"tag": t} if isinstance(t, str) else {"tag": t["tag"]} for t in item.get("tags", [])]
    children = [
        {"itemType": "note", "note": n.get("note", "") if isinstance(n, dict) else n}
        for n in item.get("notes", [])
    ]
    children += [
        {"itemType": "attachment", "linkMode": "linked_url", "title": a.get("title", ""), "url": a["url"]}
        for a in item.get("attachments", [])
        if isinstance(a.get("url"), str) and a["url"].startswith("http")
    ]
    return data, children


def _serve_and_pull(items: list[dict], schema, dates) -> tuple:
    """Serve the items (children too) from the fake server and pull them: the bib and what we served."""
    from click.testing import CliRunner

    from ext.reader.bibfile import read_bib
    from sync.cli import main as sync

    from fakezotero import FakeZotero
    from zotero_fixture import GROUP, KEYS, READ_KEY

    expected: dict[str, dict] = {}
    sources: dict[str, dict] = {}
    counts: Counter[str] = Counter()
    with FakeZotero(keys=KEYS) as server, tempfile.TemporaryDirectory() as tmp:
        lib = server.add_group(GROUP, name="Translators")
        for item in items:
            data, children = _zotero_item(item, schema)
            try:
                key = lib.add_item(data)
            except Exception as error:  # the real server refuses these too (the fake one says why)
                counts["refused"] += 1
                if os.environ.get("PARITY_DEBUG"):
                    print(f"  refused {item['itemType']}: {error}")
                continue
            for child in children:
                lib.add_item({**child, "parentItem": key})
                counts[child["itemType"]] += 1
            expected[key], sources[key] = export(data, schema, dates), data
        os.environ.update(ZOTERO_API_KEY=READ_KEY, ZOTERO_GROUP_ID=str(GROUP), ZOTERO_API_URL=server.url)
        bib_path = Path(tmp) / "t.bib"
        result = CliRunner().invoke(sync, ["pull", "--bib", str(bib_path), "--quiet"])
        assert bib_path.exists(), result.output
        return read_bib(bib_path), expected, sources, counts


def _ours(entry) -> tuple[dict[str, str], dict[str, list[str]]]:
    """An entry's fields as plain text, and the family names of each name field."""
    from pybtex.bibtex.utils import split_name_list
    from pybtex.database import Person

    from ext.reader.latex import decode

    ours = {name.lower(): str(decode(value)) for name, value in entry.fields.items()}
    ours["@type"] = entry.type.lower()
    ours.update({"@raw" + name: entry.fields.get(name, "") for name in ("url", "doi")})
    people = {role.lower(): list(found) for role, found in entry.persons.items()}
    for role in ("editora", "editorb", "bookauthor", "translator"):
        if role in ours:
            people[role] = [Person(name) for name in split_name_list(entry.fields[role])]
    names = {
        role: [str(decode(" ".join(p.prelast_names + p.last_names))) for p in found]
        for role, found in people.items()
    }
    return ours, names


def _compare(
    expected: dict[str, dict], by_item: dict, sources: dict[str, dict]
) -> tuple[int, int, int, Counter]:
    """Fields compared, the same or equivalent, the export's non-link urls left out, misses by field."""
    same = total = not_links = 0
    missed: Counter[str] = Counter()
    for key, fields in expected.items():
        if key not in by_item:
            continue
        ours, names = _ours(by_item[key])
        for field, value in fields.items():
            if field == "url" and not re.match(r"(?i)(https?|ftp)://", str(value)):
                not_links += 1  # "URL" in RIS's cases: the mirror keeps links only, on purpose
                continue
            total += 1
            if _same(field, value, ours, names):
                same += 1
                continue
            missed[field] += 1
            if os.environ.get("PARITY_DEBUG") in (field, "all"):
                print(f"  {key} {sources[key].get('date')!r} {field}: export {value!r}; ours {ours}")
    return total, same, not_links, missed


def _raw_markup(bib, sources: dict[str, dict]) -> list[str]:
    """Rendered entries (text) showing a tag, a command or a brace their item does not hold as typed."""
    from ext import style
    from ext.style.backends import TextBackend

    style.register()
    raw = []
    for formatted in style.SparsityStyle().format_entries(bib.entries):
        text = formatted.text.render(TextBackend())
        item = sources.get(bib.data.entries[formatted.key].fields.get("zoterokey"), {})
        typed = json.dumps(item, ensure_ascii=False)
        if any(hit.group() not in typed for hit in _MARKUP.finditer(text)):
            raw.append(text)
    return raw


def main(argv: list[str]) -> int:
    repo = Path(__file__).resolve().parent.parent
    if argv[:1] == ["--repo"]:
        repo, argv = Path(argv[1]).resolve(), argv[2:]
    sys.path[:0] = [str(repo), str(repo / "tests")]
    from sync.mapping import schema

    here = Path(__file__).resolve().parent.parent / "sync" / "dates.py"  # this tree's model of strToDate
    spec = importlib.util.spec_from_file_location("parity_dates", here)
    dates = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(dates)  # type: ignore[union-attr]

    items = _items([Path(p) for p in argv])
    bib, expected, sources, counts = _serve_and_pull(items, schema, dates)
    by_item = {entry.fields.get("zoterokey"): entry for entry in bib.data.entries.values()}
    total, same, not_links, missed = _compare(expected, by_item, sources)
    raw = _raw_markup(bib, sources)
    lost = len(expected) - len(by_item)
    print(f"items: {len(items)} read, {counts['refused']} refused by the server, {lost} lost")
    print(f"served with them: {counts['note']} child notes, {counts['attachment']} linked attachments")
    print(
        f"fields same or equivalent: {same}/{total} = {100 * same / total:.1f} % ({not_links} non-link urls left out)"
    )
    print("fields missed:", ", ".join(f"{name} {n}" for name, n in missed.most_common()) or "none")
    print(f"entries whose rendering shows raw markup: {len(raw)}")
    for text in raw[:10]:
        print("   ", text[:160])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
