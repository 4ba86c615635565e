"""What `app/` and `printing/` say to people, by code, in each language: the message catalogue.

A refusal is raised with a code and named parameters (``NotFound("ticket.category_closed")``,
``Conflict("queue.number_called_elsewhere", number="A012")``); its words live here, once: the
Chinese template in ``zh_CN.py`` (the source language, what `error.message` says), a translation
in ``<language>.py`` where one has been made. A code without a translation reads in Chinese.
The printed queue ticket's fixed words are codes too (``paper.*``), and code-table labels
(``TicketStatus.waiting``) have their Chinese in `app.domain.codes` and translations here.

Templates are ``str.format`` strings with named fields only (``{number}``, ``{minutes:.1f}``);
a literal brace is doubled. Each language is a Python module (``MESSAGES``, and ``LABELS`` for
the code tables) rather than a data file: it is imported with the program (no file to find or
parse at run time, nothing more for the installer to collect), ruff and the tests read it like
any source, and a new language is one more module and one line in `LANGUAGES`.
`tests/app/test_messages.py` holds the sources, the codes and the parameters together.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from string import Formatter
from types import ModuleType
from typing import Any

from app.messages import en, zh_CN

SOURCE_LANGUAGE = "zh_CN"
LANGUAGES: dict[str, ModuleType] = {"zh_CN": zh_CN, "en": en}

_CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
log = logging.getLogger(__name__)


def is_code(text: str) -> bool:
    """Whether `text` has the shape of a message code (``area.what``), not a sentence."""
    return bool(_CODE.fullmatch(text))


def _messages(language: str) -> Mapping[str, str]:
    module = LANGUAGES.get(language)
    return module.MESSAGES if module is not None else {}


def template(code: str, language: str = SOURCE_LANGUAGE) -> str | None:
    """The template of `code` in `language` as written, None where there is none."""
    return _messages(language).get(code)


def translated(code: str, language: str) -> bool:
    return language == SOURCE_LANGUAGE or code in _messages(language)


def text(code: str, language: str = SOURCE_LANGUAGE, /, **params: Any) -> str:
    """The message `code` with `params`, in `language` (Chinese where it has no translation).

    Never raises: it is called while an error is being made, and a slip in a catalogue must not
    hide the error itself. A translation that does not format falls back to the Chinese; an
    unknown code reads as itself with its parameters (tests/app/test_messages.py fails on both).
    """
    for lang in dict.fromkeys((language, SOURCE_LANGUAGE)):
        found = _messages(lang).get(code)
        if found is None:
            continue
        try:
            return found.format(**params)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            log.exception("message %s in %s does not format with %s", code, lang, sorted(params))
    log.error("no message %s", code)
    shown = "，".join(f"{key}={value}" for key, value in params.items())
    return f"{code}（{shown}）" if shown else code


def parameters(template_text: str) -> set[str]:
    """The names a template uses (``{number}``, ``{minutes:.1f}`` → number, minutes)."""
    return {name for _, name, _, _ in Formatter().parse(template_text) if name}


def label(kind: str, value: str, language: str, default: str) -> str:
    """A code table's label in `language`: ``LABELS["TicketStatus.waiting"]`` of that language,
    `default` (the Chinese label in app.domain.codes) where there is none."""
    module = LANGUAGES.get(language)
    if module is None or language == SOURCE_LANGUAGE:
        return default
    return getattr(module, "LABELS", {}).get(f"{kind}.{value}", default)
