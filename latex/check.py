"""``make latex-check``: does the .bib compile in the paper's LaTeX toolchains?

The survey's LaTeX sources read the same ``sparsity.bib``, with biblatex and
biber or with classic BibTeX. This compiles a minimal document that cites every
entry (``\\nocite{*}``) once each way, with latexmk and XeLaTeX, prints every
warning the tools give, and exits 1 on any error. The .bib is untrusted: XeLaTeX
has no ``\\directlua``, shell escape is off, and TeX may open files only in its
working folder, so an entry can neither run code nor read or write other files.

Usage: ``python latex/check.py [FILE.bib]``
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ext.reader.bibfile import read_bib

DOCUMENTS = {
    "biblatex + biber": r"""\documentclass{article}
\usepackage{fontspec}
\usepackage[backend=biber,style=authoryear]{biblatex}
% Abstracts are never printed; a raw % in one (LaTeX's comment sign) would break the .bbl.
\DeclareSourcemap{\maps[datatype=bibtex]{\map{\step[fieldset=abstract, null]}}}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
""",
    "natbib + BibTeX (plainnat)": r"""\documentclass{article}
\usepackage{fontspec}
\usepackage[authoryear]{natbib}
\usepackage{url}
\begin{document}
\nocite{*}
\bibliographystyle{plainnat}
\bibliography{refs}
\end{document}
""",
}
_PROBLEM = re.compile(
    r"> (?:WARN|ERROR) - |^Warning--|^\(There (?:was|were) \d+ error|^! |LaTeX Warning|"
    r"Package \w+ Warning"
)
_ERROR = re.compile(r"> ERROR - |^\(There (?:was|were) \d+ error|^! ")


#: The .bib is untrusted (anyone can open a pull request): TeX may read and write only in its working folder
#: (kpathsea's "paranoid" setting), and runs no shell command.
RESTRICTED = {**os.environ, "openin_any": "p", "openout_any": "p", "shell_escape": "f"}


def compile_once(source: str, bib: Path) -> tuple[bool, list[str]]:
    """Compile one document; success and the warning/error lines of the logs."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(bib, work / "refs.bib")
        (work / "check.tex").write_text(source, encoding="utf-8")
        done = subprocess.run(
            [
                "latexmk",
                "-xelatex",  # not LuaLaTeX: its \directlua runs Lua whatever shell escape says
                "-bibtex",
                "-interaction=nonstopmode",
                "-halt-on-error",
                "-no-shell-escape",
                "-silent",
                "check.tex",
            ],
            cwd=work,
            env=RESTRICTED,
            capture_output=True,
            text=True,
            timeout=600,
        )
        lines = []
        for log in ("check.blg", "check.log"):
            path = work / log
            if path.exists():
                lines += [
                    re.sub(r"^\[\d+\] \S+> ", "", line.strip())
                    for line in path.read_text(errors="replace").splitlines()
                    if _PROBLEM.search(line.strip())
                ]
        errors = [line for line in lines if _ERROR.search(line)]
        return done.returncode == 0 and not errors and (work / "check.pdf").exists(), lines


def raw_percent_signs(bib: Path) -> list[str]:
    """Fields with a ``%`` not written as ``\\%``: LaTeX reads the rest of the line as a comment."""
    found = []
    for key, entry in read_bib(bib).data.entries.items():
        for name, value in entry.fields.items():
            if re.search(r"(?<!\\)%", value):
                found.append(f"note: field {name} of {key} has a raw % (write \\%)")
    return found


def main() -> int:
    bib = Path(sys.argv[1] if len(sys.argv) > 1 else "sparsity.bib").resolve()
    for note in raw_percent_signs(bib):
        print(note)
    failed = False
    for name, source in DOCUMENTS.items():
        ok, lines = compile_once(source, bib)
        print(f"{name}: {'ok' if ok else 'FAILED'}, {len(lines)} warning/error lines")
        for line in lines:
            print(f"  {line}")
        failed = failed or not ok
    if failed:
        print(f"Error: {bib.name} does not compile in every toolchain; see the lines above")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
