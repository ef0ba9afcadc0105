"""Zotero's free-text ``language`` → biblatex's ``langid`` (a babel/polyglossia language name), and back.

Zotero's ``language`` is whatever the curator or the importer typed: an ISO
639-1 code (``en``), a locale (``en-US``, ``pt_BR``), a three-letter code
(``deu``) or an English or native name (``English``, ``Deutsch``). biblatex
selects hyphenation and, in our renderer, casing by ``langid``, which takes a
babel name (``english``, ``american``, ``german``, ``portuguese`` …). The pull
writes both: ``language`` as typed (nothing lost, and the round trip gives it
back) and ``langid`` when the value is recognised. The renderer reads
``langid``: English when it is one of :data:`ENGLISH`, or when an entry has
neither ``langid`` nor ``language`` (untagged items count as English, as in
CSL).
"""

from __future__ import annotations

import re

#: babel names of English variants (an entry with one of these langids gets headline case).
ENGLISH = frozenset({"english", "american", "british", "canadian", "australian", "newzealand"})
#: ISO 639-1/639-2 code → babel name.
_CODES = {
    "en": "english",
    "eng": "english",
    "de": "german",
    "deu": "german",
    "ger": "german",
    "fr": "french",
    "fra": "french",
    "fre": "french",
    "es": "spanish",
    "spa": "spanish",
    "pt": "portuguese",
    "por": "portuguese",
    "it": "italian",
    "ita": "italian",
    "nl": "dutch",
    "nld": "dutch",
    "dut": "dutch",
    "sv": "swedish",
    "swe": "swedish",
    "da": "danish",
    "dan": "danish",
    "nb": "norsk",
    "no": "norsk",
    "nn": "nynorsk",
    "fi": "finnish",
    "fin": "finnish",
    "pl": "polish",
    "pol": "polish",
    "cs": "czech",
    "ces": "czech",
    "sk": "slovak",
    "sl": "slovene",
    "hr": "croatian",
    "sr": "serbian",
    "hu": "magyar",
    "hun": "magyar",
    "ro": "romanian",
    "bg": "bulgarian",
    "ru": "russian",
    "rus": "russian",
    "uk": "ukrainian",
    "el": "greek",
    "ell": "greek",
    "tr": "turkish",
    "tur": "turkish",
    "ca": "catalan",
    "eu": "basque",
    "gl": "galician",
    "et": "estonian",
    "lv": "latvian",
    "lt": "lithuanian",
    "is": "icelandic",
    "ga": "irish",
    "cy": "welsh",
    "la": "latin",
    "lat": "latin",
    "he": "hebrew",
    "ar": "arabic",
    "fa": "persian",
    "hi": "hindi",
    "zh": "chinese",
    "zho": "chinese",
    "chi": "chinese",
    "ja": "japanese",
    "jpn": "japanese",
    "ko": "korean",
    "kor": "korean",
    "id": "bahasai",
    "ms": "bahasam",
    "vi": "vietnamese",
    "th": "thai",
    "af": "afrikaans",
}
#: Locale (language-region, lower case) → babel name, where babel has a regional variant.
_LOCALES = {
    "en-us": "american",
    "en-gb": "british",
    "en-ca": "canadian",
    "en-au": "australian",
    "en-nz": "newzealand",
    "pt-br": "brazilian",
    "de-at": "austrian",
    "de-ch": "swissgerman",
    "fr-ca": "canadien",
}
#: Names as typed (English and native, lower case) → babel name.
_NAMES = {
    "english": "english",
    "american english": "american",
    "british english": "british",
    "german": "german",
    "deutsch": "german",
    "french": "french",
    "français": "french",
    "francais": "french",
    "spanish": "spanish",
    "español": "spanish",
    "espanol": "spanish",
    "castellano": "spanish",
    "portuguese": "portuguese",
    "português": "portuguese",
    "portugues": "portuguese",
    "brazilian portuguese": "brazilian",
    "italian": "italian",
    "italiano": "italian",
    "dutch": "dutch",
    "nederlands": "dutch",
    "russian": "russian",
    "русский": "russian",
    "chinese": "chinese",
    "中文": "chinese",
    "japanese": "japanese",
    "日本語": "japanese",
    "korean": "korean",
    "한국어": "korean",
    "polish": "polish",
    "polski": "polish",
    "swedish": "swedish",
    "svenska": "swedish",
    "greek": "greek",
    "turkish": "turkish",
    "türkçe": "turkish",
    "latin": "latin",
    "czech": "czech",
    "hungarian": "magyar",
    "finnish": "finnish",
    "danish": "danish",
    "norwegian": "norsk",
    "catalan": "catalan",
    "català": "catalan",
    "ukrainian": "ukrainian",
    "arabic": "arabic",
    "hebrew": "hebrew",
    "persian": "persian",
}
_LOCALE = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z0-9]{2,8}))*$", re.IGNORECASE)
#: babel name → the ISO code Zotero gets on push when the bib has only a langid.
_TO_CODE = {babel: code for code, babel in reversed(_CODES.items()) if len(code) == 2}
_TO_CODE.update({babel: locale[:2] + "-" + locale[3:].upper() for locale, babel in _LOCALES.items()})


def langid(language: str) -> str | None:
    """The babel name for Zotero's *language* value, or ``None`` when it is not recognised."""
    text = " ".join(language.split()).strip().lower()
    if not text:
        return None
    if text in _NAMES:
        return _NAMES[text]
    match = _LOCALE.match(text)
    if not match:
        return None
    locale = text.replace("_", "-")
    return _LOCALES.get(locale[:5]) or _CODES.get(match.group(1))


def language_of(langid_value: str) -> str:
    """The language value for Zotero when a bib entry has a ``langid`` but no ``language``."""
    name = langid_value.strip().lower()
    return _TO_CODE.get(name, name)


def is_english(langid_value: str | None, language: str | None) -> bool:
    """The renderer's rule: English by langid, or untagged (neither field)."""
    if langid_value:
        return langid_value.strip().lower() in ENGLISH
    return not (language or "").strip() or langid(language or "") in ENGLISH
