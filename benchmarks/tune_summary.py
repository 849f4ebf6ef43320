"""Summary-scoring sweeps on the TUNING half: ``python -m benchmarks.tune_summary NAME=v1,v2 ...``
(NAME is a module constant of index/summarize.py, e.g. POSITION_WEIGHT=0.5,1.0)."""

from __future__ import annotations

import itertools
import json
import logging
import sys

from benchmarks import data, summaries
from benchmarks.stores import ensure_store
from index import summarize


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.WARNING)
    from index.embedding import load_model
    from index.engine import Engine

    fa, fc = data.frank_cnndm("tuning")
    sa, sc = data.summeval("tuning")
    engine = Engine.open(ensure_store("summaries-tuning", fa + sa), model=load_model())
    grid = {name: [float(v) for v in values.split(",")] for name, _, values in (a.partition("=") for a in argv)}
    for combo in itertools.product(*grid.values()) if grid else [()]:
        for name, value in zip(grid, combo, strict=True):
            setattr(summarize, name, value)
        out = summaries.evaluate(engine, fc + sc, systems=("engine",))
        print(json.dumps({"set": dict(zip(grid, combo, strict=True)),
                          "frank": {k: round(v, 4) for k, v in out["frank-cnndm"]["engine"].items()},
                          "summeval": {k: round(v, 4) for k, v in out["summeval"]["engine"].items()},
                          "bad": out["bad_sentences"]["engine"]["count"]}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
