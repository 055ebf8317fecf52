"""`python -m quaytest.replay [--profile quay-3.18|proposal] [--scenario ID ...] [--json FILE] [--strict]`

Replays the Quay 3.18 transcripts against a quayref it starts and prints the report. Exits 0 (a report),
or with --strict 1 when any exchange differs.
"""

import argparse
import json
import sys

from quaytest.replay import report
from quaytest.replay.runner import PROFILES, Runner
from quaytest.replay.transcripts import load


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m quaytest.replay", description=__doc__.splitlines()[2])
    parser.add_argument("--profile", choices=PROFILES, default="quay-3.18", help="QUAYREF_PROFILE for the server (default quay-3.18)")
    parser.add_argument("--scenario", action="append", metavar="ID", help="only this scenario (repeatable; the run order is kept)")
    parser.add_argument("--json", metavar="FILE", help="also write every result as JSON")
    parser.add_argument("--transcripts", metavar="FILE", help="the transcripts file (default $QUAY_TRANSCRIPTS or ../shared/quay-3.18)")
    parser.add_argument("--limit", type=int, default=6, help="differences shown per failing exchange (0: all)")
    parser.add_argument("--verbose", action="store_true", help="print each exchange as it runs (stderr)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any exchange differs")
    args = parser.parse_args(argv)
    transcripts = load(args.transcripts)
    unknown = sorted(set(args.scenario or ()) - {scenario.id for scenario in transcripts.scenarios})
    if unknown:
        parser.error("unknown scenario(s): %s" % ", ".join(unknown))
    log = (lambda message: print(message, file=sys.stderr, flush=True)) if args.verbose else None
    results = Runner(transcripts, args.profile, args.scenario, log=log).run()
    sys.stdout.write(report.render(results, args.profile, args.limit or None))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"profile": args.profile, "transcripts": str(transcripts.path),
                       "summary": {sid: {"match": m, "total": t} for sid, (m, t) in report.summary(results).items()},
                       "results": [result.as_dict() for result in results]}, handle, indent=1, ensure_ascii=False)
    return 1 if args.strict and not all(result.passed for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
