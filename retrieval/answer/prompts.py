"""Prompt templates: one file per prompt in the prompts directory, rendered with named variables."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from retrieval.settings import bundled_dir

# `{{ name }}` rather than `{name}` so prompts can show JSON or braces in examples.
_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class PromptError(LookupError):
    """A prompt that does not exist, or a variable that is missing or unknown."""


def prompts_dir() -> Path:
    """The templates shipped inside the wheel (retrieval/prompts) or beside the package."""
    return bundled_dir("prompts")


@lru_cache(maxsize=32)
def load_prompt(name: str, directory: Path | None = None) -> str:
    """The raw template text of prompt `name` (file `<name>.md`)."""
    folder = directory or prompts_dir()
    if not re.fullmatch(r"[a-z0-9_-]+", name):
        raise PromptError(f"invalid prompt name {name!r}")
    path = folder / f"{name}.md"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.md"))) or "none"
        raise PromptError(f"no prompt named {name!r} in {folder} (known: {known})")
    return path.read_text(encoding="utf-8")


def variables(name: str, directory: Path | None = None) -> set[str]:
    """The variable names prompt `name` expects."""
    return set(_VARIABLE.findall(load_prompt(name, directory)))


def render(name: str, directory: Path | None = None, /, **values: object) -> str:
    """Fill prompt `name`; every variable must be given and every given value must be used."""
    template = load_prompt(name, directory)
    expected = set(_VARIABLE.findall(template))
    missing = sorted(expected - values.keys())
    if missing:
        raise PromptError(f"prompt {name!r} needs variable(s): {', '.join(missing)}")
    unknown = sorted(values.keys() - expected)
    if unknown:
        raise PromptError(f"prompt {name!r} has no variable(s): {', '.join(unknown)}")
    # One pass, so a value containing `{{ x }}` (say, from an article) is never expanded.
    return _VARIABLE.sub(lambda m: str(values[m.group(1)]), template)
