#!/usr/bin/env python3
"""The benchmark corpus: `python bench/corpus.py --n N --out DIR` writes N synthetic news articles
as a newsroom site (DIR/newsroom), a Pelican site (DIR/pelican) and a Hugo site (DIR/hugo).

The same N and seed always give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus_sites import write_hugo, write_newsroom, write_pelican
from corpus_text import SEED, count_words, make_articles

BENCH = Path(__file__).resolve().parent
REPO_TEMPLATES = BENCH.parent / "templates"
MANIFEST = "manifest.json"
# What a corpus is made from: a change to any of these makes cached corpora stale.
GENERATOR_FILES = ("corpus.py", "corpus_text.py", "corpus_words.py", "corpus_sites.py")


def generator_digest(templates: Path) -> str:
    """Hash the generator's code, the Hugo layouts and the newsroom templates folder it points at."""
    digest = hashlib.sha256(str(templates).encode())
    paths = [BENCH / name for name in GENERATOR_FILES]
    paths += sorted(p for p in (BENCH / "hugo_layouts").rglob("*") if p.is_file())
    for path in paths:
        digest.update(path.relative_to(BENCH).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict | None:
    """Return a corpus folder's manifest, or None when the folder holds no corpus."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def corpus_is_current(folder: Path, n: int, seed: str = SEED, templates: Path = REPO_TEMPLATES) -> bool:
    """Tell whether folder holds the corpus this generator writes for n and seed."""
    manifest = read_manifest(folder)
    return bool(manifest) and manifest.get("n") == n and manifest.get("seed") == seed and \
        manifest.get("generator") == generator_digest(templates)


def generate_corpus(n: int, out: Path, seed: str = SEED, templates: Path = REPO_TEMPLATES) -> dict:
    """Write the corpus of n articles into out (replacing an earlier corpus there); return its manifest.

    The three sites are written into a temporary sibling folder and moved into place, so an
    interrupted run never leaves a half-written corpus behind.
    """
    if out.exists() and any(out.iterdir()) and read_manifest(out) is None:
        raise SystemExit(f"{out}: folder exists and holds no corpus; choose an empty or new folder")
    articles = make_articles(n, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        write_newsroom(articles, work / "newsroom", templates.resolve())
        write_pelican(articles, work / "pelican")
        write_hugo(articles, work / "hugo")
        manifest = {
            "n": n, "seed": seed, "generator": generator_digest(templates),
            "events": len({a.event for a in articles}),
            "tags": len({t for a in articles for t in a.tags}),
            "sources": len({a.source for a in articles}),
            "words": sum(count_words(a.body) for a in articles),
            "first_date": min(a.published for a in articles).isoformat(),
            "last_date": max(a.published for a in articles).isoformat(),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        work.rename(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest


def ensure_corpus(n: int, out: Path, seed: str = SEED) -> dict:
    """Return the manifest of the corpus in out, generating it first (in a process of its own) unless it
    is current.

    Not in this process: Linux gives a child the peak memory of the process that forked it as its own
    starting peak (ru_maxrss), so after making 10,000 articles here (228 MB), every build timed after
    it reported a largest process of at least that.
    """
    if not corpus_is_current(out, n, seed):
        command = [sys.executable, str(BENCH / "corpus.py"), "--n", str(n), "--out", str(out), "--seed", seed]
        if subprocess.run(command, stdout=subprocess.DEVNULL).returncode:  # it said why on stderr
            raise SystemExit(f"{out}: the corpus of {n} articles could not be made")
    manifest = read_manifest(out)
    assert manifest is not None
    return manifest


def positive(text: str) -> int:
    """Parse a whole number of at least 1 (for --n)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and write the corpus."""
    parser = argparse.ArgumentParser(
        description="Write N synthetic news articles as a newsroom, a Pelican and a Hugo site.")
    parser.add_argument("--n", type=positive, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True,
                        help="folder to write (replaced if it holds a corpus)")
    parser.add_argument("--seed", default=SEED, help=f"generator seed (default {SEED!r})")
    args = parser.parse_args(argv)
    manifest = generate_corpus(args.n, args.out, args.seed)
    print(f"{args.out}: {manifest['n']} articles about {manifest['events']} events, {manifest['tags']} tags, "
          f"{manifest['sources']} sources, {manifest['first_date']} to {manifest['last_date']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
