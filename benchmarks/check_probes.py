"""The citation check on short probes: a made-up passage, a true sentence and a false one beside it.

    python benchmarks/check_probes.py [benchmarks/probes/calibration.jsonl] [--list]

Each line of a probe file is [passage, true sentence, false sentence]. calibration.jsonl found what the
check missed; heldout.jsonl was written before the changed check ran on it and is only measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.answer.citations import check_citations  # noqa: E402
from retrieval.models import Passage  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path,
                        default=[ROOT / "benchmarks" / "probes" / "calibration.jsonl", ROOT / "benchmarks" / "probes" / "heldout.jsonl"])
    parser.add_argument("--list", action="store_true", help="print every probe the check gets wrong")
    args = parser.parse_args()
    print("| probes | n | true shown | false kept from the reader | both right |")
    print("|---|---:|---:|---:|---:|")
    for path in args.files:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        true_shown = false_kept = both = 0
        for text, true, false in rows:
            passages = [Passage(id="p1", text=text, title="", section="", source="probe.md", position=0)]
            shown = bool(check_citations(true, passages).text.strip())
            kept = not check_citations(false, passages).text.strip()
            true_shown, false_kept, both = true_shown + shown, false_kept + kept, both + (shown and kept)
            if args.list and not (shown and kept):
                print(f"  {'true dropped ' if not shown else ''}{'false shown ' if not kept else ''}| {text} | {true} | {false}")
        n = len(rows)
        print(f"| {path.name} | {n} | {true_shown}/{n} | {false_kept}/{n} | {both}/{n} ({both / n:.2f}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
