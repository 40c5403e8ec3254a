"""Each seed dump normalizes to its reviewed record in tests/golden/, and does so stably."""

import difflib
from pathlib import Path

import pytest

from newsroom.ingest import normalize
from newsroom.records import dump_record

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "articles" / "raw"
GOLDEN = ROOT / "tests" / "golden"
SEEDS = sorted(RAW.glob("*.txt"))


def record_text(raw: Path) -> str:
    result = normalize(raw.read_bytes(), f"raw/{raw.name}")
    return dump_record(result.meta, result.body)


def test_there_are_five_seeds():
    assert len(SEEDS) == 5


@pytest.mark.parametrize("raw", SEEDS, ids=lambda p: p.stem)
def test_seed_matches_golden_record(raw: Path, update_golden: bool):
    actual = record_text(raw)
    golden = GOLDEN / f"{raw.stem}.md"
    if update_golden:
        golden.write_text(actual, encoding="utf-8", newline="\n")
    expected = golden.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        f"golden/{golden.name}", "normalized"))
    assert actual == expected, f"record differs from golden (pytest --update-golden accepts it):\n{diff}"


@pytest.mark.parametrize("raw", SEEDS, ids=lambda p: p.stem)
def test_normalizing_twice_gives_identical_bytes(raw: Path):
    assert record_text(raw).encode("utf-8") == record_text(raw).encode("utf-8")
