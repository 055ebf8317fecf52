"""Load the recorded Quay 3.18 exchanges (`<repo>/../shared/quay-3.18/transcripts.json`, or $QUAY_TRANSCRIPTS)."""

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

ENV = "QUAY_TRANSCRIPTS"
# testkit/quaytest/replay/transcripts.py -> the repository root is three folders up from this one.
REPO_ROOT = Path(__file__).resolve().parents[3]


class TranscriptsMissing(FileNotFoundError):
    """The transcripts file is not where the replay looks for it."""


RELATIVE = Path("shared") / "quay-3.18" / "transcripts.json"


def main_checkout(root):
    """For a git worktree (`.git` is a file), the checkout that owns it; else None."""
    dot_git = root / ".git"
    if not dot_git.is_file():
        return None
    gitdir = Path(dot_git.read_text(encoding="utf-8").partition("gitdir:")[2].strip())
    common = gitdir / "commondir"
    common_dir = (gitdir / common.read_text(encoding="utf-8").strip()).resolve() if common.is_file() else gitdir.parent.parent
    return common_dir.parent


def candidates():
    """$QUAY_TRANSCRIPTS; else `<repo>/../shared/…`, and for a worktree also `<main checkout>/../shared/…`."""
    if os.environ.get(ENV):
        return [Path(os.environ[ENV])]
    paths = [REPO_ROOT.parent / RELATIVE]
    main = main_checkout(REPO_ROOT)
    if main is not None:
        paths.append(main.parent / RELATIVE)
    return paths


def default_path():
    """The first candidate that exists (else the first one, for the error message)."""
    paths = candidates()
    return next((path for path in paths if path.is_file()), paths[0])


@dataclass
class Exchange:
    """One recorded request and its answer; `request` is None for a label-only entry (an unrecorded step)."""

    scenario: str
    index: int
    request: dict | None
    response: dict | None
    note: str = ""
    label: str = ""
    observed: dict = field(default_factory=dict)
    shortened: list = field(default_factory=list)

    @property
    def ref(self):
        return "%s#%d" % (self.scenario, self.index)

    @property
    def request_line(self):
        if self.request is None:
            return "(not recorded) " + self.label
        line = "%s %s" % (self.request["method"], self.request["path"])
        if self.request.get("query"):
            line += "?" + "&".join("%s=%s" % item for item in self.request["query"].items())
        return line


@dataclass
class Scenario:
    id: str
    title: str
    config: dict
    starting_point: str
    notes: list
    exchanges: list


@dataclass
class Transcripts:
    path: Path
    data: dict
    scenarios: list

    @property
    def base_config(self):
        return self.data["base_config"]

    @property
    def formats(self):
        return self.data.get("formats", {})

    def scenario(self, scenario_id):
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError("no scenario %r in %s" % (scenario_id, self.path))

    def exchange(self, scenario_id, index):
        return self.scenario(scenario_id).exchanges[index]


def load(path=None):
    """The transcripts at `path` (default: see default_path); a missing file raises naming the path."""
    path = Path(path) if path else default_path()
    if not path.is_file():
        looked = [str(path)] + [str(other) for other in candidates() if other != path]
        raise TranscriptsMissing("Quay 3.18 transcripts not found at %s (set $%s to the file)" % (" or ".join(looked), ENV))
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    scenarios = []
    for raw in data["scenarios"]:
        exchanges = [
            Exchange(raw["id"], index, entry.get("request"), entry.get("response"), entry.get("note", ""), entry.get("label", ""),
                     entry.get("observed", {}), entry.get("shortened", []))
            for index, entry in enumerate(raw["exchanges"])
        ]
        scenarios.append(Scenario(raw["id"], raw.get("title", ""), raw.get("config", {}), raw.get("starting_point", ""),
                                  raw.get("notes", []), exchanges))
    return Transcripts(path, data, scenarios)
