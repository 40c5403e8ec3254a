"""Shared fixtures: a copy of the demo site in a temporary folder, and the --update-golden option."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ROOT


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the normalizer")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the project's site (config, records, raw files, templates) in a temporary folder."""
    for name in ("articles", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    return tmp_path


# --- golden files (tests/golden/): the ingest tests read the --update-golden option through this ---
@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run should rewrite golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))
