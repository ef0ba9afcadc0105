"""Precision and recall of :func:`ext.reader.titlelang.title_language` on titles whose entries name their language.

``tagged_titles.tsv`` holds real titles with the ``langid``/``language`` their .bib
file gave them (see SOURCES.md); the tag, mapped to an ISO 639 code, is taken as
the truth, even where a file tags a Danish title ``swedish``. For each language:
precision = titles judged to be in it that are tagged so / titles judged to be in
it; recall = titles tagged so that are judged so / titles tagged so. "English"
counts the titles left in headline case (judged English or not judged).

    .venv/bin/python tests/corpus/title_languages.py [--sweep]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from ext.reader import titlelang  # noqa: E402

#: babel / polyglossia / Zotero language names → ISO 639-1.
TAGS = {
    "de": "german ngerman austrian naustrian swissgerman nswissgerman de de-de de-at de-ch deutsch",
    "en": "english american british australian canadian newzealand usenglish ukenglish anglais en eng "
    "en-us en-gb",
    "fr": "french francais fre frm fr fr-fr",
    "da": "danish da",
    "no": "norsk norwegian nynorsk bokmal no nb nn",
    "sv": "swedish sv",
    "nl": "dutch nl",
    "it": "italian it",
    "es": "spanish es",
    "pt": "portuguese brazilian brazil pt pt-br",
    "zh": "chinese chinese-traditional chinese-simplified zh zh-cn",
    "ja": "japanese ja",
    "ru": "russian ru",
    "tr": "turkish tr",
    "fi": "finnish fi",
    "sk": "slovak sk",
    "ca": "catalan ca",
    "gl": "galician gl",
    "eu": "basque eu",
    "et": "estonian et",
    "id": "indonesian id",
    "la": "latin la",
}
CODE = {name: code for code, names in TAGS.items() for name in names.split()}


def load() -> list[tuple[str, str]]:
    """(ISO code, title) for every title whose tag names one language."""
    rows = []
    for line in (HERE / "tagged_titles.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        tag, title, _source = line.split("\t")
        code = CODE.get(tag.strip().lower())
        if code is not None:
            rows.append((code, title))
    return rows


def measure(rows: list[tuple[str, str]], threshold: float) -> dict[str, tuple[int, int, int]]:
    """Language → (tagged, judged, both); "en" holds what stays English (not judged otherwise)."""
    tagged: Counter[str] = Counter()
    judged: Counter[str] = Counter()
    both: Counter[str] = Counter()
    for truth, title in rows:
        guess = titlelang.title_language(title, threshold) or "en"
        tagged[truth] += 1
        judged[guess] += 1
        both[truth] += guess == truth
    return {code: (tagged[code], judged[code], both[code]) for code in sorted(set(tagged) | set(judged))}


def report(threshold: float) -> str:
    rows = load()
    lines = [f"threshold {threshold}, min {titlelang.MIN_WORDS} words: {len(rows)} tagged titles"]
    lines.append("lang  tagged  judged  right  precision  recall")
    for code, (tagged, judged, right) in measure(rows, threshold).items():
        precision = f"{right / judged:.1%}" if judged else "-"
        recall = f"{right / tagged:.1%}" if tagged else "-"
        lines.append(f"{code:5} {tagged:6} {judged:7} {right:6}  {precision:>9}  {recall:>6}")
    guesses = [(truth, titlelang.title_language(title, threshold) or "en") for truth, title in rows]
    foreign = [guess != "en" for truth, guess in guesses if truth != "en"]
    judged_foreign = [truth != "en" for truth, guess in guesses if guess != "en"]
    lines.append(
        f"casing (English or not): {sum(judged_foreign)}/{len(judged_foreign)} titles kept out of headline "
        f"case are tagged non-English (precision {sum(judged_foreign) / max(len(judged_foreign), 1):.1%}); "
        f"{sum(foreign)}/{len(foreign)} non-English titles found (recall {sum(foreign) / max(len(foreign), 1):.1%})"
    )
    return "\n".join(lines)


def main() -> int:
    thresholds = [0.5, 0.7, 0.8, 0.9, 0.95, 0.99] if "--sweep" in sys.argv else [titlelang.THRESHOLD]
    for threshold in thresholds:
        print(report(threshold), end="\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
