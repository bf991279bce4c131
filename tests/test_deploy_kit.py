"""The deployment kit stays in step with the README's configuration table."""

from __future__ import annotations

import re

from .conftest import REPO


def _readme_variables() -> set[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", table, flags=re.M))


def test_env_example_lists_every_documented_variable_and_no_other():
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", example, flags=re.M))
    documented = _readme_variables()
    assert len(documented) > 10
    assert listed == documented


def test_env_example_sets_nothing_but_an_empty_token():
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    active = [line for line in example.splitlines() if line and not line.startswith("#")]
    assert active == ["TELEGRAM_BOT_TOKEN="]
