#!/usr/bin/env python3
"""Build the news site: `python build.py [build|ingest|serve] ...` (see --help)."""

import sys

from newsroom.cli import main

if __name__ == "__main__":
    sys.exit(main())
