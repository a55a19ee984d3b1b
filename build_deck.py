#!/usr/bin/env python3
"""Build the Anki deck from the notes: ``python build_deck.py [NOTES ...] [-o OUT.apkg]``."""

import sys

from notedeck.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="build_deck.py"))
