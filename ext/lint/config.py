"""Which rules run: project-wide switches (pyproject.toml, conf.py) and per-entry ignores.

* ``pyproject.toml``: ``[tool.sparsity-lint] disable = ["keyword-single"]``;
* ``conf.py``: ``papers_lint_disable = ["keyword-single"]`` (read without running conf.py);
* one entry: a field ``lint-ignore = {title-acronym, keyword-single}`` (``*`` = every rule) or,
  from Zotero, a tag ``lint-ignore:title-acronym``.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ext.lint.model import EntryView

CONF_SETTING = "papers_lint_disable"
PYPROJECT_TABLE = "sparsity-lint"
IGNORE_FIELD = "lint-ignore"


class ConfigError(ValueError):
    """A lint setting that cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class LintConfig:
    disable: frozenset[str] = field(default_factory=frozenset)

    def merged(self, other: LintConfig) -> LintConfig:
        return LintConfig(self.disable | other.disable)


def _rule_list(value: object, where: str) -> frozenset[str]:
    if not isinstance(value, list | tuple | set | frozenset) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{where} must be a list of rule ids, e.g. ["keyword-single"]')
    return frozenset(value)


def from_pyproject(path: Path) -> LintConfig:
    """``[tool.sparsity-lint]`` of *path* (empty when the file or table is absent)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return LintConfig()
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}; fix the TOML") from None
    table = data.get("tool", {}).get(PYPROJECT_TABLE, {})
    return LintConfig(_rule_list(table.get("disable", []), f"{path}: [tool.{PYPROJECT_TABLE}] disable"))


def from_conf_py(path: Path) -> LintConfig:
    """``papers_lint_disable = [...]`` of a Sphinx conf.py, read as a literal (conf.py is not run)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except FileNotFoundError:
        return LintConfig()
    except (OSError, SyntaxError, ValueError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == CONF_SETTING for target in node.targets
        ):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                raise ConfigError(
                    f"{path}:{node.lineno}: {CONF_SETTING} must be a literal list of rule ids"
                ) from None
            return LintConfig(_rule_list(value, f"{path}:{node.lineno}: {CONF_SETTING}"))
    return LintConfig()


def load(directory: Path) -> LintConfig:
    """The settings of the project in *directory* (pyproject.toml and conf.py together)."""
    return from_pyproject(directory / "pyproject.toml").merged(from_conf_py(directory / "conf.py"))


def ignored_rules(view: EntryView) -> frozenset[str]:
    """Rules this entry opts out of (``*`` = all)."""
    rules = set(re.split(r"[\s,;]+", view.raw(IGNORE_FIELD) or ""))
    for keyword in re.split(r"[,;]", view.raw("keywords") or view.raw("keyword") or ""):
        name, _, rule = keyword.strip().partition(":")
        if name.strip() == IGNORE_FIELD:
            rules.add(rule.strip() or "*")
    rules.discard("")
    return frozenset(rules)
