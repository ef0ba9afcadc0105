"""The one venue table: short names readers type and count by (pure; a small, curated table).

"NeurIPS" finds the papers stored as "Advances in Neural Information Processing
Systems": the aliases of a venue are added to an entry's search words. A venue
matches when its folded name contains the pattern (word-bounded); the first
alias of the first matching row is the venue's name for the venue facet and
the statistics chart, so "Proceedings of the Seventh International Conference
on Learning Representations" and "ICLR" count as one venue everywhere.
"""

from __future__ import annotations

import re

#: (pattern over the folded venue name, aliases a reader types)
ALIASES: tuple[tuple[str, str], ...] = (
    (r"neural information processing systems|\bneurips\b|\bnips\b", "NeurIPS NIPS"),
    (r"international conference on machine learning|\bicml\b", "ICML"),
    (r"international conference on learning representations|\biclr\b", "ICLR"),
    (r"computer vision and pattern recognition|\bcvpr\b", "CVPR"),
    (r"international conference on computer vision|\biccv\b", "ICCV"),
    (r"european conference on computer vision|\beccv\b", "ECCV"),
    (r"empirical methods in natural language processing|\bemnlp\b", "EMNLP"),
    (r"north american chapter of the association for computational linguistics|\bnaacl\b", "NAACL"),
    (r"annual meeting of the association for computational linguistics|\bacl\b", "ACL"),
    (r"\baaai\b", "AAAI"),
    (r"international joint conference on artificial intelligence|\bijcai\b", "IJCAI"),
    (r"artificial intelligence and statistics|\baistats\b", "AISTATS"),
    (r"uncertainty in artificial intelligence|\buai\b", "UAI"),
    (r"conference on learning theory|\bcolt\b", "COLT"),
    (r"machine learning and systems|\bmlsys\b", "MLSys"),
    (r"journal of machine learning research|\bjmlr\b", "JMLR"),
    (r"pattern analysis and machine intelligence|\bpami\b", "TPAMI PAMI"),
    (r"transactions on neural networks", "TNN TNNLS"),
    (r"international symposium on computer architecture|\bisca\b", "ISCA"),
    (r"symposium on microarchitecture|\bmicro\b", "MICRO"),
    (r"high performance computer architecture|\bhpca\b", "HPCA"),
    (r"architectural support for programming languages|\basplos\b", "ASPLOS"),
    (r"design automation conference|\bdac\b", "DAC"),
    (r"field.programmable gate arrays|\bfpga\b", "FPGA"),
    (r"high performance computing, networking, storage and analysis|\bsc\d\d\b", "SC Supercomputing"),
    (r"international joint conference on neural networks|\bijcnn\b", "IJCNN"),
    (r"knowledge discovery (?:and|in) data mining|\bkdd\b", "KDD"),
)
_COMPILED = tuple((re.compile(pattern), aliases) for pattern, aliases in ALIASES)


def venue_aliases(folded_venue: str) -> list[str]:
    """The short names of a venue (given folded, lower case), e.g. ``["NeurIPS", "NIPS"]``."""
    found: list[str] = []
    for pattern, aliases in _COMPILED:
        if pattern.search(folded_venue):
            found += aliases.split()
    return found


def venue_name(venue: str, folded_venue: str) -> str:
    """The name a venue is counted and filtered by: its table name ("ICLR"), else *venue* as written."""
    for pattern, aliases in _COMPILED:
        if pattern.search(folded_venue):
            return aliases.split()[0]
    return venue
