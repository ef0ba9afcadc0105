"""The HTML templates compiled once per project, not once per build (Sphinx-facing edge).

Sphinx compiles every Jinja template a build renders (the theme's page layout and its parts, the
search and index pages) from source in each process: about 20 templates and 80-100 ms of every
furo build here, a sixth of a rebuild with nothing to write but Sphinx's own search and index
pages. Jinja can keep the compiled code on disk (a bytecode cache); this turns it on for the HTML
builders, in the doctree folder.

A cached template is used only for the same template name, file and source (Jinja checks the
source's checksum) and the same Python (Jinja's own header), under a folder named after the
Jinja version and the settings compiled code depends on, so an edited template, a new theme or
an upgrade compiles again. ``papers_template_cache = False`` in ``conf.py`` turns it off.
The bibliography extension sets it up; it is also an extension of its own (:func:`setup`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache
from sphinx.application import Sphinx

if TYPE_CHECKING:
    from sphinx.util.typing import ExtensionMetadata

FOLDER = "papers-templates"


def compile_settings(environment: Environment) -> str | None:
    """What compiled template code depends on besides its source, as a short digest: Jinja's
    version, the environment's class, extensions and syntax settings. None when that cannot be
    told: autoescaping decided by a function (Sphinx's is off)."""
    if not isinstance(environment.autoescape, bool):
        return None
    finalize = environment.finalize
    settings = (
        jinja2.__version__,
        f"{type(environment).__module__}.{type(environment).__qualname__}",
        sorted(environment.extensions),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.autoescape,
        None
        if finalize is None
        else (finalize.__module__, finalize.__qualname__, getattr(finalize, "jinja_pass_arg", None)),
        getattr(environment, "newstyle_gettext", None),  # set by the i18n extension
    )
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:16]


def cache_compiled_templates(app: Sphinx) -> None:
    """Give the HTML builder's template environment a bytecode cache in the doctree folder."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if (
        not app.config.papers_template_cache
        or not isinstance(environment, Environment)
        or environment.bytecode_cache is not None  # the project chose its own
    ):
        return
    settings = compile_settings(environment)
    if settings is None:
        return
    folder = Path(app.doctreedir) / FOLDER / settings
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app: Sphinx) -> ExtensionMetadata:
    """An extension of its own too (``extensions = ["ext.site.templatecache"]``): a project without
    the bibliography (the benchmarks' empty furo project) can keep its compiled templates as well."""
    app.add_config_value("papers_template_cache", True, "", bool)
    app.connect("builder-inited", cache_compiled_templates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
