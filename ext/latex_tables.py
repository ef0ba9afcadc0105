"""The LaTeX commands :mod:`ext.latex` understands, as data.

Accents become Unicode combining marks; symbol commands become characters
(latexcodec answers for commands not listed here); formatting commands and
declarations become rich-text tags.
"""

from __future__ import annotations

#: Accent commands and the Unicode combining mark each one adds.
ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "d": "\u0323", "b": "\u0331", "r": "\u030a", "k": "\u0328",
    "t": "\u0361",
}

#: Commands that stand for one character (text mode).
SYMBOLS = {
    "&": "&", "%": "%", "#": "#", "_": "_", "$": "$", "{": "{", "}": "}",
    " ": " ", ",": "\u2009", ";": " ", ":": " ", "!": "", "-": "", "/": "", "@": "",
    "\\": " ", "\n": " ", "": "",
    "textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}",
    "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_",
    "textdollar": "$", "textpercent": "%", "textampersand": "&", "texthash": "#",
    "textbar": "|", "textless": "<", "textgreater": ">", "textquotesingle": "'",
    "textquotedbl": '"', "textasciigrave": "`",
    "texttimes": "\u00d7", "textendash": "\u2013", "textemdash": "\u2014",
    "ldots": "\u2026", "dots": "\u2026", "textellipsis": "\u2026",
    "textquoteleft": "\u2018", "textquoteright": "\u2019",
    "textquotedblleft": "\u201c", "textquotedblright": "\u201d",
    "textregistered": "\u00ae", "texttrademark": "\u2122", "copyright": "\u00a9",
    "textcopyright": "\u00a9", "S": "\u00a7", "P": "\u00b6", "dag": "\u2020",
    "ddag": "\u2021", "pounds": "\u00a3", "euro": "\u20ac", "texteuro": "\u20ac",
    "textdegree": "\u00b0", "textbullet": "\u2022", "textperiodcentered": "\u00b7",
    "ss": "\u00df", "SS": "SS", "o": "\u00f8", "O": "\u00d8", "ae": "\u00e6",
    "AE": "\u00c6", "oe": "\u0153", "OE": "\u0152", "aa": "\u00e5", "AA": "\u00c5",
    "l": "\u0142", "L": "\u0141", "i": "\u0131", "j": "\u0237", "dh": "\u00f0",
    "DH": "\u00d0", "th": "\u00fe", "TH": "\u00de", "ng": "\u014b", "NG": "\u014a",
    "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "today": "",
    "relax": "", "protect": "", "noindent": "", "par": " ", "newline": " ",
    "quad": " ", "qquad": " ", "hfill": " ", "xspace": "",
}

#: Extra symbols understood only in math mode.
MATH_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ",
    "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ",
    "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "ell": "ℓ",
    "times": "×", "cdot": "⋅", "cdots": "⋯", "ldots": "…", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼",
    "infty": "∞", "pm": "±", "mp": "∓", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "in": "∈", "subset": "⊂", "sum": "∑", "prod": "∏",
    "partial": "∂", "nabla": "∇", "sqrt": "√", "log": "log", "exp": "exp",
    "min": "min", "max": "max", "top": "⊤", "prime": "′", "circ": "∘",
    "{": "{", "}": "}", ",": " ", ";": " ", "!": "", " ": " ", "%": "%", "#": "#",
    "_": "_", "&": "&", "$": "$", "\\": " ",
}

#: Commands taking one argument, mapped to the rich-text tag they become
#: (``None``: keep the argument as plain text).
ARG_COMMANDS: dict[str, str | None] = {
    "emph": "em", "textit": "em", "textsl": "em", "mathit": "em",
    "textbf": "strong", "mathbf": "strong", "boldsymbol": "strong",
    "texttt": "tt", "mathtt": "tt",
    "textsuperscript": "sup", "textsubscript": "sub",
    "textrm": None, "textsf": None, "textup": None, "textmd": None, "textnormal": None,
    "textsc": None, "mbox": None, "hbox": None, "text": None, "mathrm": None,
    "mathsf": None, "mathcal": None, "mathbb": None, "mathfrak": None,
    "operatorname": None, "NoCaseChange": None, "ensuremath": None,
}

#: Declarations that switch the font for the rest of their group.
SWITCHES: dict[str, str | None] = {
    "em": "em", "it": "em", "itshape": "em", "sl": "em", "slshape": "em",
    "bf": "strong", "bfseries": "strong", "tt": "tt", "ttfamily": "tt",
    "rm": None, "rmfamily": None, "sc": None, "scshape": None, "sf": None,
    "sffamily": None, "upshape": None, "normalfont": None, "small": None,
    "footnotesize": None, "large": None, "Large": None,
}
