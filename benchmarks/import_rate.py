"""Seeds imported per second: the pasted Reuters and Wikinews corpus of tests/test_pasted.py.

Usage: PYTHONPATH=src:tests python benchmarks/import_rate.py [--runs 3] [--wikinews-every 4]

Writes every pasted seed into a fresh site, then times `import_seeds` (reading, the header and
noise classification, writing the Markdown files) and, apart, reading alone. The target of
issue 18 is at least 200 seeds a second for the import.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE.parent / "tests")]

from newsgen.config.site import load_config  # noqa: E402
from newsgen.content.importer import import_seeds  # noqa: E402
from newsgen.content.seeds import read_seed  # noqa: E402
from pasted import CONFIG, pasted_corpus, write_seeds  # noqa: E402

TARGET = 200.0


def one_run(corpus_every: int) -> tuple[int, float, float]:
    """(seeds, seconds to import them all, seconds to read them all) in a fresh site."""
    corpus = pasted_corpus(corpus_every)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
        config = load_config(root)
        write_seeds(config.seeds_path, corpus)
        seeds = sorted(config.seeds_path.glob("*.txt"))
        start = time.perf_counter()
        for path in seeds:
            read_seed(path, config)
        reading = time.perf_counter() - start
        start = time.perf_counter()
        result = import_seeds(config, [], force=False)
        importing = time.perf_counter() - start
        assert len(result.written) == len(corpus), result.refused
    return len(corpus), importing, reading


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--wikinews-every", type=int, default=4)
    args = parser.parse_args()
    runs = [one_run(args.wikinews_every) for _ in range(args.runs)]
    count = runs[0][0]
    importing = statistics.median(run[1] for run in runs)
    reading = statistics.median(run[2] for run in runs)
    rate = count / importing
    print(f"seeds: {count}, runs: {args.runs}")
    print(f"import: {importing:.2f} s median, {rate:.0f} seeds/s")
    print(f"read only: {reading:.2f} s median, {count / reading:.0f} seeds/s")
    print(f"target >= {TARGET:.0f} seeds/s: {'met' if rate >= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
