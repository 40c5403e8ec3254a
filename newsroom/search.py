"""The search index: Pagefind run over the finished site, its bundle written beside the pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsroom.errors import UserError

BUNDLE = "pagefind"  # the index and its UI, inside the output folder


def index_site(folder: Path, bundle: Path | None = None) -> None:
    """Index the HTML pages of folder with the Pagefind binary from PyPI; write the bundle to `bundle`
    (default folder/pagefind/)."""
    try:
        import pagefind  # noqa: F401  # the wheel that carries the binary
    except ImportError:
        raise UserError("search needs the pagefind package", hint="pip install 'newsroom[search]', "
                        "or build with --no-search") from None
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--quiet"]
    if bundle is not None:
        command += ["--output-path", str(bundle)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise UserError(f"search indexing failed: {detail[0]}", hint="build with --no-search to skip it")
