"""Test data shared by the bot tests (a module, not conftest, so it can be imported by name)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "russia-rejects-european-troops.txt"
SEED_TITLE = "Russia Bold Rejection of European Troops in Ukraine Sparks Trump’s Fury"
DRONES = "How many drones were launched?"

# A second article with a url and markdown-looking text, so links and escaping are exercised for real.
HARBOUR = """---
title: Harbour *festival* draws record crowds
url: https://example.org/news/harbour_festival
---
# Harbour festival

The harbour festival drew 12,000 visitors on Saturday, organisers said.
Fishing boats were decorated with *flags* and lanterns for the evening parade.
The mayor said the festival would return next summer with a larger food market.
"""
HARBOUR_TITLE = "Harbour *festival* draws record crowds"
