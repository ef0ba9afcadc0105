"""Lost acronyms in titles: "Customizing Dnn Pruning" from a title stored as "customizing dnn pruning".

A title word is a lost acronym when it is not in capitals here but is an acronym
of the built-in list or is written in capitals (and only so) in other entries'
titles. Braced words are exactly as the curator wrote them and are skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ext.lint.model import Corpus, Hit, Rule

RULES = (
    Rule(
        "title-acronym",
        "warning",
        "a title word that looks like an acronym written in lower or title case (a lost acronym)",
    ),
)
#: Acronyms of the field that are never ordinary English words.
ACRONYMS = frozenset(
    {
        "DNN", "CNN", "RNN", "GPU", "TPU", "CPU", "SGD", "LSTM", "BERT", "GAN", "MLP", "FPGA", "ASIC",
        "DRAM", "SRAM", "GEMM", "SpMV", "SpMM", "MPI", "HPC", "NLP", "ADMM", "BLAS", "CUDA", "SVD",
        "PCA", "VGG", "ReLU", "GPT", "DCNN", "QSGD", "NAS", "IoT", "ImageNet", "ResNet", "MNIST", "CIFAR",
    }
)  # fmt: skip
_WORD = re.compile(r"(?<![\\\w-])([A-Za-z][A-Za-z0-9]*)(?![\w-])")
_BRACED = re.compile(r"\{[^{}]*\}")
_COMMAND_ARG = re.compile(r"\\[A-Za-z]+")


def _words(title: str) -> list[str]:
    """Unbraced plain words of a title (commands and math removed)."""
    text = _COMMAND_ARG.sub(" ", re.sub(r"\$[^$]*\$", " ", _BRACED.sub(" ", title)))
    return _WORD.findall(text)


def _all_words(title: str) -> list[str]:
    """Every word, braced or not, as written."""
    return _WORD.findall(re.sub(r"[{}]", " ", _COMMAND_ARG.sub(" ", title)))


def _is_capitals(word: str) -> bool:
    letters = word.rstrip("s") if len(word) > 3 and word.endswith("s") else word
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 2 and letters.upper() == letters


def _acronym_table(corpus: Corpus) -> dict[str, str]:
    """Lower-cased acronym → its capital form, from the built-in list and other titles."""
    capitals: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for view in corpus.entries:
        for word in _all_words(view.raw("title") or ""):
            (capitals if _is_capitals(word) else other)[word.lower()] += 1
    table = {word.lower(): word for word in ACRONYMS}
    for word, count in capitals.items():
        # in capitals in at least two titles, and more often than in any other way
        if len(word) >= 3 and word.isalpha() and count >= 2 and count > other.get(word, 0):
            table.setdefault(word, word.upper())
    return table


def check(corpus: Corpus) -> Iterator[Hit]:
    table: dict[str, str] | None = None
    for view in corpus.entries:
        title = view.raw("title")
        if not title:
            continue
        table = table if table is not None else _acronym_table(corpus)
        lost: list[tuple[str, str]] = []
        for word in _words(title):
            lower = word.lower()
            stem, plural = (lower[:-1], "s") if lower.endswith("s") and lower[:-1] in table else (lower, "")
            wanted = table.get(stem)
            pair = (word, f"{wanted}{plural}")
            if wanted and word != pair[1] and not _is_capitals(word) and pair not in lost:
                lost.append(pair)
        if lost:
            fixes = ", ".join(f"{word} → {capitals}" for word, capitals in lost)
            words = ", ".join(repr(word) for word, _ in lost)
            yield Hit(
                "title-acronym",
                view.key,
                f"title {words} look{'' if len(lost) > 1 else 's'} like lost acronym{'s' if len(lost) > 1 else ''} "
                f"(printed in title case); write {fixes} (in a .bib, in braces: {{{lost[0][1]}}})",
                "title",
            )
