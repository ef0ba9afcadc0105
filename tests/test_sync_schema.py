"""Every item type and field of Zotero's schema reaches the bib, is carried, or is reported dropped."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from ext.reader.bibfile import read_bib
from ext.reader.latex import decode
from sync.cli import main
from sync.mapping import schema
from sync.mapping.fieldmap import DROPPED

from conftest import REPO
from fakezotero import FakeZotero
from zotero_fixture import GROUP, KEYS, READ_KEY

SCHEMA_JSON = REPO / "tests" / "fakezotero" / "zotero-schema.json"
NOT_ENTRIES = ("note", "attachment", "annotation")
#: Date-like fields take a date Zotero (and the fake server) accepts; every other field a marker word.
DATES = {
    "date": "2021-03-15",
    "accessDate": "2021-04-01",
    "filingDate": "2019-02-03",
    "originalDate": "1999-05",
}


def test_generated_table_matches_the_schema() -> None:
    """sync/mapping/zotero_fields.py is exactly what ``python -m sync.mapping.schema`` makes of the official schema."""
    official = json.loads(SCHEMA_JSON.read_text(encoding="utf-8"))
    assert schema.GENERATED.read_text(encoding="utf-8") == schema.generate(official)
    assert len(schema.item_types()) == len(official["itemTypes"]) == 40


def marker(kind: str, name: str) -> str:
    return f"M{kind}{name}Z"


def filled_item(kind: str) -> dict:
    """An item of *kind* with every field and every creator type filled with a findable value."""
    data: dict = {"itemType": kind}
    for name, base in schema.fields(kind).items():
        if name in DATES or base in DATES:
            data[name] = DATES.get(name) or DATES[base]
        elif name == "DOI":
            data[name] = f"10.1234/{kind}"
        elif name == "url":
            data[name] = f"https://example.org/{kind}"
        elif name == "citationKey":
            data[name] = f"walk-{kind}"
        elif name == "archiveID":
            data[name] = "arXiv:2101.00001"
        elif name == "language":
            data[name] = "de"
        elif name == "pages" or base == "pages":
            data[name] = "11-22"
        else:
            data[name] = marker(kind, name)
    data["creators"] = [
        {"creatorType": role, "firstName": "Ann", "lastName": marker(kind, role)}
        for role in schema.creator_types(kind)
    ]
    return data


def found(kind: str, name: str, value: str, key: str, fields: dict[str, str]) -> str | None:
    """The bib field that shows *value* of Zotero field *name*, or None."""
    base = schema.fields(kind).get(name, name)
    if name == "citationKey":
        return "key" if key == value else None
    if base == "date":
        return "year" if fields.get("year") == "2021" and fields.get("month") in ("mar", "March") else None
    if name == "archiveID":
        return "eprint" if fields.get("eprint") == "2101.00001" else None
    if name == "language":
        return "langid" if fields.get("langid") == "german" and fields.get("language") == "de" else None
    wanted = value.replace("-", "\u2013") if base == "pages" else value
    for field, text in fields.items():
        if wanted in text or (field == "urldate" and value == text):
            return field
    return None


@pytest.fixture(scope="module")
def walked(tmp_path_factory) -> tuple[dict, str]:
    """One pull of a group holding one item of every type, every field and creator type filled."""
    with FakeZotero(keys=KEYS) as server:
        lib = server.add_group(GROUP, name="Walk")
        items = {
            kind: lib.add_item(filled_item(kind)) for kind in schema.item_types() if kind not in NOT_ENTRIES
        }
        bib = tmp_path_factory.mktemp("walk") / "walk.bib"
        env = {"ZOTERO_API_KEY": READ_KEY, "ZOTERO_GROUP_ID": str(GROUP), "ZOTERO_API_URL": server.url}
        result = CliRunner().invoke(main, ["pull", "--bib", str(bib), "--quiet"], env=env)
    assert result.exit_code == 0, result.output
    entries = read_bib(bib).data.entries
    by_item = {entry.fields["zoterokey"]: (key, entry) for key, entry in entries.items()}
    return {kind: by_item[item] for kind, item in items.items()}, result.output


def test_every_field_of_every_type_lands_or_is_reported(walked) -> None:
    """Each of the schema's item types × fields shows up in the entry (a BibTeX/biblatex field, or
    ``addendum``), or is named once in the pull's "dropped:" line; nothing disappears silently."""
    entries, output = walked
    dropped_line = next(line for line in output.splitlines() if line.startswith("dropped"))
    tally = {"field": 0, "addendum": 0, "dropped": 0}
    missing = []
    for kind, (key, entry) in entries.items():
        fields = {name: str(decode(value)) for name, value in entry.fields.items()}
        for role in ("author", "editor"):
            fields[role] = " ".join(str(person) for person in entry.persons.get(role, []))
        for name, value in filled_item(kind).items():
            if name in ("itemType", "creators"):
                continue
            home = found(kind, name, value, key, fields)
            if name in DROPPED:
                assert home is None and f"{kind}.{name} (1)" in dropped_line, (kind, name)
                tally["dropped"] += 1
            elif home is None:
                missing.append(f"{kind}.{name}")
            else:
                tally["addendum" if home == "addendum" else "field"] += 1
        for role in schema.creator_types(kind):
            if not any(marker(kind, role) in text for text in fields.values()):
                missing.append(f"{kind}.creator.{role}")
    assert not missing, " ".join(missing)
    types = len(entries)
    pairs = sum(len(schema.fields(kind)) for kind in entries)
    assert tally["field"] + tally["addendum"] + tally["dropped"] == pairs
    assert dropped_line.count("(1)") == tally["dropped"]
    roles = sum(len(schema.creator_types(kind)) for kind in entries)
    print(f"\nschema walk: {types} item types, {pairs} type×field pairs: {tally}; {roles} type×creator roles")


@pytest.mark.parametrize(
    ("kind", "homes"),
    [
        (
            "case",
            {
                "title": "caseName",
                "number": "docketNumber",
                "organization": "court",
                "volume": "reporterVolume",
            },
        ),
        ("statute", {"title": "nameOfAct", "number": "publicLawNumber"}),
        ("email", {"title": "subject"}),
        ("patent", {"number": "patentNumber", "organization": "issuingAuthority"}),
        ("blogPost", {"howpublished": "blogTitle", "type": "websiteType"}),
        ("forumPost", {"howpublished": "forumTitle", "type": "postType"}),
        ("encyclopediaArticle", {"booktitle": "encyclopediaTitle", "publisher": "publisher"}),
        ("dictionaryEntry", {"booktitle": "dictionaryTitle"}),
        (
            "radioBroadcast",
            {"howpublished": "programTitle", "organization": "network", "number": "episodeNumber"},
        ),
        ("tvBroadcast", {"howpublished": "programTitle", "organization": "network"}),
        (
            "presentation",
            {"howpublished": "sessionTitle", "eventtitle": "meetingName", "type": "presentationType"},
        ),
        ("webpage", {"howpublished": "websiteTitle", "organization": "publisher"}),
        (
            "conferencePaper",
            {"booktitle": "proceedingsTitle", "eventtitle": "conferenceName", "number": "issue"},
        ),
        ("bookSection", {"booktitle": "bookTitle"}),
        ("thesis", {"school": "university", "type": "thesisType"}),
        ("report", {"institution": "institution", "number": "reportNumber", "type": "reportType"}),
        ("computerProgram", {"organization": "company", "version": "versionNumber"}),
        ("dataset", {"organization": "repository", "number": "identifier"}),
    ],
)
def test_base_fields_are_honoured(walked, kind: str, homes: dict[str, str]) -> None:
    """Type-specific fields land where their base field goes (caseName → title, court → organization …),
    and the date of a case (dateDecided), statute (dateEnacted) or patent (issueDate) is its year."""
    entries, _ = walked
    _, entry = entries[kind]
    for bib_field, zotero_field in homes.items():
        assert re.sub(r"[{}]", "", entry.fields[bib_field]) == marker(kind, zotero_field), (kind, bib_field)
    assert entry.fields["year"] == "2021"
