"""The language of a title that no ``langid``/``language`` field names, when it is clear.

Chicago sets only English titles in headline case; a German or French title
keeps its sentence case. Most .bib files tag no language, so an untagged title
is asked of a language identifier (py3langid, a maintained fork of langid.py:
4.5 MB, about 0.1 ms a title) — but only when it could be something other than
English, and the answer counts only when it is sure:

* a title of fewer than :data:`MIN_WORDS` words is never judged (too little text
  to tell "Penser par cas" from a typo);
* a title without letters outside ASCII and with none of the frequent short words
  of other languages in lower case (or as its first word) (:data:`_MARKERS`: "der", "und", "les",
  "della", "y", "och" …) is English, without asking the model (so an all-English
  list never loads it: loading takes a second or more and 100 MB);
* the model's answer counts at probability :data:`THRESHOLD` or more.

The figures behind these numbers (precision and recall by language on titles that
carry a language tag) are measured by ``tests/corpus/title_languages.py``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ext.reader.latex import decode_plain

#: Titles shorter than this are not judged.
MIN_WORDS = 4
#: The model's probability from which its answer is taken (measured: see the module docstring).
THRESHOLD = 0.8
#: The languages the model chooses among: those of scholarly titles (fewer choices, surer answers).
LANGUAGES = (
    "en de fr it es pt nl da no sv fi is pl cs sk sl hr hu ro tr ca gl eu et lv lt la id "
    "el ru uk zh ja ko".split()
)

_WORDS = re.compile(r"[^\W\d_]+")
#: Scripts written without spaces: each character counts as a word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
#: Frequent short words of the languages of European scholarship that English titles do not use.
_MARKERS = frozenset(
    # German
    "der die das den dem des und von zur zum für über ein eine einer eines im vom bei mit als auf aus "
    "nach durch zwischen oder wie ist sind "
    # French
    "le les et du une dans pour sur aux au par est avec entre ou chez sous "
    # Italian
    "il della delle degli dei di del nella nelle nei per una sulla sul gli lo al alla con tra "
    # Spanish, Portuguese, Catalan, Galician
    "el los las y en con para una del como sobre entre da dos das nas nos um uma ao "
    "pela pelo els amb "
    # Dutch, Scandinavian
    "het een van voor naar bij og af til på och för med som ett av er är "
    # Turkish, Polish, Czech, others
    "ve bir ile için bu ve na ze za jako oraz dla".split()
)


@cache
def _identifier() -> Any:
    """The py3langid model with normalised probabilities (loaded once, when first needed)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


def release_model() -> None:
    """Let go of the model (about 80 MB) once the titles that needed it are judged: a build renders
    its entries first and keeps them, and the model would otherwise stay for the rest of the build,
    at the top of its memory. The answers given are kept (:func:`classify`); a new title loads it again."""
    _identifier.cache_clear()


def needs_model(title: str) -> bool:
    """Whether *title* could be in a language other than English (long enough, not plain English)."""
    words = _WORDS.findall(title)
    if len(words) + len(_UNSPACED.findall(title)) < MIN_WORDS:
        return False
    if not title.isascii() and any(char.isalpha() and not char.isascii() for char in title):
        return True
    # lower case only ("Do", "EM" begin English words), or the title's first word ("Das Pfandrecht …")
    return not _MARKERS.isdisjoint(words) or words[0].lower() in _MARKERS


#: The model's answers by title: given in this process, or by the builds before it (the catalog
#: keeps them with the stored library, :mod:`ext.site.catalog`). A rebuild formats the entries the
#: pages cite again whenever the bib changed, and one of them that needs the model would otherwise
#: load it again on every rebuild (0.3–0.6 s).
_ANSWERS: dict[str, tuple[str, float]] = {}
#: how many answers are kept (a bound on memory, whatever a list holds)
MAX_ANSWERS = 65536


def classify(title: str) -> tuple[str, float]:
    """The model's best language for *title* (ISO 639 code) and its probability."""
    found = _ANSWERS.get(title)
    if found is None:
        language, probability = _identifier().classify(title)
        found = (language, float(probability))
        if len(_ANSWERS) < MAX_ANSWERS:
            _ANSWERS[title] = found
    return found


def answers() -> dict[str, tuple[str, float]]:
    """The answers known to this process, to keep for the next build."""
    return dict(_ANSWERS)


def remember(known: dict[str, tuple[str, float]]) -> None:
    """Take the answers an earlier build kept (the model is the same: its answers are part of
    the rendered entries a build reuses anyway)."""
    for title, answer in known.items():
        if len(_ANSWERS) >= MAX_ANSWERS:
            return
        _ANSWERS.setdefault(title, answer)


_SPACED_GROUP = re.compile(r"\{[^{}]*\s[^{}]*\}")


def free_text(latex: str) -> str:
    """The plain text of a title without its braced phrases (``{Unione Internazionale …}``): casing
    never touches those, so their language does not count."""
    previous = None
    while previous != latex:
        previous, latex = latex, _SPACED_GROUP.sub(" ", latex)
    return decode_plain(latex)


def title_language(title: str, threshold: float = THRESHOLD) -> str | None:
    """The ISO 639 code of *title*'s language when it is clear, else ``None`` (taken as English)."""
    if not needs_model(title):
        return None
    language, probability = classify(title)
    return language if probability >= threshold else None
