"""Title casing capitalises words but never lower-cases an acronym."""

from __future__ import annotations

import pytest

from ext.reader.latex import decode
from ext.style.titlecase import title_case


@pytest.mark.parametrize(
    ("title", "cased"),
    [
        (
            "QSGD: communication-efficient SGD via gradient quantization",
            "QSGD: Communication-Efficient SGD via Gradient Quantization",
        ),
        ("2016 ACM/IEEE 43rd symposium (ISCA)", "2016 ACM/IEEE 43rd Symposium (ISCA)"),
        ("Mask R-CNN", "Mask R-CNN"),
        # CMOS 8.161: a hyphenated compound's first part is capitalised, a later stop word is not
        ("A convergence theory via Over-Parameterization", "A Convergence Theory via Over-Parameterization"),
        ("An in-depth study of run-of-the-mill nets", "An In-Depth Study of Run-of-the-Mill Nets"),
        ("Learns over-parameterized networks", "Learns Over-Parameterized Networks"),
        ("Learns over-{Parameterization}", "Learns Over-Parameterization"),  # as the sync writes it back
        ("How Can We Be So Dense? The benefits", "How Can We Be so Dense? The Benefits"),
        ("the lottery ticket: a test of time", "The Lottery Ticket: A Test of Time"),
        ("{D}rop{N}et: reducing", "DropNet: Reducing"),
        ("{cuDNN} and {iPhone} apps", "cuDNN and iPhone Apps"),
        ("$O(n)$ connections are enough", "O(n) Connections Are Enough"),
        ("ineffectual-neuron-free computing", "Ineffectual-Neuron-Free Computing"),
        # the last word keeps its case, as pandoc's citeproc prints these
        ("Physical Review A", "Physical Review A"),
        ("Physical review a", "Physical Review A"),
        ("Review A Thing", "Review a Thing"),
    ],
)
def test_title_case(title: str, cased: str) -> None:
    """Stop words stay lower case, capitals and braced text stay as written."""
    assert str(title_case(decode(title))) == cased
