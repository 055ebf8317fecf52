"""One difference between quayref's answer and the recorded Quay 3.18 answer, and what matching needs to know."""

import re
from dataclasses import dataclass, field

from quaytest.replay.bindings import Bindings
from quaytest.replay.placeholders import iso_pattern, kind_of

# Categories, so a report can count them: status, header, cookie-name, body, extra-key, missing-key,
# format, binding, observed, unbound, transport, server, step.


@dataclass
class Difference:
    category: str
    where: str
    message: str

    def __str__(self):
        return "%s: %s" % (self.where, self.message) if self.where else self.message


def short(value, limit=80):
    """repr(value), cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass
class Context:
    """What matching one answer needs: the bindings, the recorder's `shortened` paths and the `formats`."""

    bindings: Bindings
    shortened: set = field(default_factory=set)
    formats: dict = field(default_factory=dict)
    diffs: list = field(default_factory=list)

    def add(self, category, where, message):
        self.diffs.append(Difference(category, where, message))

    def is_shortened(self, path):
        return path in self.shortened

    def fork(self):
        """A context whose bindings and differences are a scratch copy (for trying a match)."""
        return Context(self.bindings.fork(), self.shortened, self.formats, [])

    def format_pattern(self, placeholder, path):
        """The regex a value must have: the kind's shape; for `<TIME:iso>` the field's entry in `formats`."""
        kind = kind_of(placeholder)
        if kind.name == "TIME:iso":
            field_path = re.sub(r"\[\d+\]", "[]", path.split(".", 1)[1] if "." in path else path)
            for key in (field_path, field_path.rsplit(".", 1)[-1]):
                if key in self.formats and isinstance(self.formats[key], list) and self.formats[key]:
                    return iso_pattern(self.formats[key][0])
        return kind.pattern

    def see(self, placeholder, value, path):
        """`value` stands where the recording has `placeholder`: check its shape, then bind or compare it."""
        pattern = self.format_pattern(placeholder, path)
        if pattern is not None and not (isinstance(value, str) and re.fullmatch(pattern, value)):
            self.add("format", path, "%s %s does not have Quay's shape (%s)" % (placeholder, short(value), kind_of(placeholder).description))
        for problem in self.bindings.see(placeholder, value):
            self.add("binding", path, problem)
