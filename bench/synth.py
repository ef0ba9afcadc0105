"""Deterministic synthetic bibliographies shaped like sparsity.bib, of any size.

``python -m bench.synth N [SEED] [--rich] > synth.bib``. The generator copies the
shapes of the shipped file, not its text: the mix of entry types, names
written "First Last", "Last, First", with initials, braces, accents and
particles ("van der", "de"), ``and others``, arXiv-only preprints vs DOIs and
URLs, venues with editors and publishers, page ranges and years. The same
(size, seed) always gives the same file.
"""

from __future__ import annotations

import random
import sys

FIRST = [
    "Song",
    "Jonathan",
    "Michael",
    "Yann",
    "Torsten",
    "Dan",
    "Elena",
    "Utku",
    "Trevor",
    "Ari",
    "Hal",
    "Stéphane",
    "Jörg",
    "Ana",
    "Zhao",
    "Wei",
    "Yi",
    "Nikko",
    "Cédric",
    "María José",
    "K. J.",
    "A.",
    "Li",
]
LAST = [
    "Han",
    "Frankle",
    "Carbin",
    "Hoefler",
    "Alistarh",
    "Mocanu",
    "Evci",
    "Gale",
    "Morcos",
    "Zhang",
    "Wang",
    "Li",
    "Chen",
    "Ström",
    "Dollár",
    "Chérief-Abdellatif",
    "Müller",
    "Gonzalez Ortiz",
    "Lee",
    "Kim",
    "Singh",
]
PARTICLES = ["van der", "de", "von", "van", "d'"]
ACCENTED = [r"M{\"u}ller", r"Str{\"o}m", r"Doll{\'a}r", r"Kone{\v{c}}n{\'y}", r"Gr{\"u}nwald"]
WORDS = [
    "sparse",
    "pruning",
    "training",
    "networks",
    "neural",
    "efficient",
    "lottery",
    "ticket",
    "dynamic",
    "structured",
    "quantization",
    "compression",
    "inference",
    "gradient",
    "transformer",
    "attention",
    "accelerator",
    "learning",
    "deep",
    "hypothesis",
    "regularization",
    "dropout",
    "GPU",
    "CNN",
    "BERT",
    "initialization",
    "growth",
    "connectivity",
    "hardware",
    "distributed",
]
VENUES = [
    ("inproceedings", "Advances in Neural Information Processing Systems"),
    ("inproceedings", "International Conference on Machine Learning"),
    ("inproceedings", "International Conference on Learning Representations"),
    ("inproceedings", "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition"),
    ("article", "Journal of Machine Learning Research"),
    ("article", "Neurocomputing"),
    ("article", "IEEE Transactions on Neural Networks"),
    ("article", "Nature Communications"),
]
#: titles in other languages (a list of papers on one subject gathers some), a few words each
FOREIGN = [
    "Über die Beschneidung tiefer neuronaler Netze und ihre Verallgemeinerung",
    "Apprentissage profond parcimonieux pour la compression des réseaux de neurones",
    "Redes neuronales dispersas para el aprendizaje eficiente en dispositivos móviles",
    "深度神经网络的结构化剪枝方法研究",
    "Разреженные нейронные сети и их обучение",
]
TYPES = ["misc"] * 49 + ["inproceedings"] * 30 + ["article"] * 18 + ["book", "incollection", "phdthesis"]


def _name(rng: random.Random) -> str:
    roll = rng.random()
    first, last = rng.choice(FIRST), rng.choice(LAST)
    if roll < 0.05:
        return f"{rng.choice(PARTICLES)} {last}, {first}"
    if roll < 0.10:
        return f"{first} {rng.choice(ACCENTED)}"
    if roll < 0.15:
        return f"{first[0]}. {{{last}}}"
    if roll < 0.55:
        return f"{last}, {first}"
    return f"{first} {last}"


def _title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(3, 9))
    title = " ".join(words).capitalize()
    if rng.random() < 0.2:
        title = f"{{{rng.choice(['DropNet', 'SNIP', 'RigL', 'QSGD'])}}}: {title}"
    if rng.random() < 0.03:
        title += r" with $L_0$ regularization"
    return title


def _abstract(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(4, 9)):
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 22)))
        sentences.append(sentence.capitalize() + ".")
    return " ".join(sentences)


def _rich_fields(index: int, rng: random.Random, present: set[str]) -> list[str]:
    """What richer libraries than sparsity.bib carry: abstracts, notes, keywords, links, months
    (never a second value of a field the entry has: that is a warning per entry)."""
    fields = [f"abstract = {{{_abstract(rng)}}}"]
    if rng.random() < 0.5 and "keywords" not in present:
        fields.append(f"keywords = {{{', '.join(rng.sample(WORDS, 4))}}}")
    if rng.random() < 0.3:
        fields.append(f"note = {{{' '.join(rng.sample(WORDS, 6)).capitalize()}}}")
    if rng.random() < 0.5 and "url" not in present:
        fields.append(f"url = {{https://example.org/papers/{index}?view=abstract&lang=en}}")
    if rng.random() < 0.4:
        fields.append(f"month = {{{rng.choice(['jan', 'mar', 'jun', 'sep', 'dec'])}}}")
    return fields


def entry(index: int, rng: random.Random, rich: bool = False) -> str:
    kind = rng.choice(TYPES)
    year = rng.choice(range(1988, 2022)) if rng.random() < 0.3 else rng.choice(range(2015, 2022))
    authors = [_name(rng) for _ in range(rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8, 12]))]
    if rng.random() < 0.02:
        authors.append("others")
    key = f"{year}-{index:06d}"
    title = rng.choice(FOREIGN) if rich and rng.random() < 0.05 else _title(rng)
    fields = [f"author = {{{' and '.join(authors)}}}", f"title = {{{title}}}", f"year = {{{year}}}"]
    if kind == "misc":
        fields += [
            f"eprint = {{{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(1, 19999):05d}}}",
            "archivePrefix = {arXiv}",
            "primaryClass = {cs.LG}",
        ]
    else:
        _, venue = rng.choice([v for v in VENUES if v[0] == kind] or VENUES)
        if kind == "article":
            fields += [
                f"journal = {{{venue}}}",
                f"volume = {{{rng.randint(1, 40)}}}",
                f"number = {{{rng.randint(1, 12)}}}",
            ]
        elif kind in ("inproceedings", "incollection"):
            fields.append(f"booktitle = {{{venue}}}")
            if rng.random() < 0.3:
                fields.append(f"editor = {{{_name(rng)} and {_name(rng)}}}")
            fields.append("publisher = {Curran Associates, Inc.}")
        elif kind == "book":
            fields += ["publisher = {MIT Press}", "address = {Cambridge, MA}"]
        else:
            fields.append('school = {ETH Z{\\"u}rich}')
        first = rng.randint(1, 9000)
        fields.append(f"pages = {{{first}--{first + rng.randint(5, 20)}}}")
        roll = rng.random()
        if roll < 0.4:
            fields.append(f"doi = {{10.{rng.randint(1000, 9999)}/{index}.{year}}}")
        elif roll < 0.7:
            fields.append(f"url = {{https://proceedings.example.org/{year}/{index}.pdf}}")
    if rng.random() < 0.1:
        fields.append(
            f"keywords = {{{', '.join(rng.sample(['pruning', 'growth', 'hardware', 'theory'], 2))}}}"
        )
    if rich:
        fields += _rich_fields(index, rng, {field.split(" = ", 1)[0] for field in fields})
    body = ",\n  ".join(fields)
    return f"@{kind}{{{key},\n  {body}\n}}\n"


def generate(size: int, seed: int = 2021, rich: bool = False) -> str:
    """*size* entries; the same (size, seed, rich) always gives the same text. *rich*: every entry
    with an abstract, many with keywords, notes, links and months, one title in twenty in another
    language: the costs a leaner list does not show."""
    rng = random.Random(seed)
    return "\n".join(entry(index, rng, rich) for index in range(size))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--rich"]
    sys.stdout.write(generate(int(args[0]), int(args[1]) if len(args) > 1 else 2021, "--rich" in sys.argv))
