"""The search index: Pagefind run over the finished site folder, before it is swapped in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsroom.errors import UserError


def index_site(folder: Path) -> None:
    """Write folder/pagefind/ (the index and its UI) with the Pagefind binary from PyPI."""
    try:
        import pagefind  # noqa: F401  # the wheel that carries the binary
    except ImportError:
        raise UserError("search needs the pagefind package", hint="pip install 'newsroom[search]', "
                        "or build with --no-search") from None
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--quiet"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise UserError(f"search indexing failed: {detail[0]}", hint="build with --no-search to skip it")
