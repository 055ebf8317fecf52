"""Placeholder values learned during a replay, and requests filled from them.

A numbered placeholder (`<UUID:3>`) is bound the first time an answer shows it; later sightings must
show the same value, and a different number of the same kind must be a different value. Requests are
filled from the bound values, from the runner's table (`resolvers`, e.g. passwords, the start-up token
file) and from `fixed` values (the server URL).
"""

import copy

from quaytest.replay.placeholders import PLACEHOLDER, kind_of


class Unbound(LookupError):
    """A request needs a placeholder no earlier answer (nor the runner) provided."""

    def __init__(self, placeholder):
        super().__init__("unbound placeholder " + placeholder)
        self.placeholder = placeholder


def family(placeholder):
    """Placeholders of one family must stand for distinct values: `<UUID:1>` and `<UUID:2>` differ."""
    return placeholder[1:-1].split(":")[0]


class Bindings:
    """`values` maps `<NAME:n>` to the value seen; `fixed` maps `<NAME>` to a value or a callable;
    `resolvers` maps a kind name to a callable(placeholder, bindings) giving a request-side value."""

    def __init__(self, fixed=None, resolvers=None):
        self.values = {}
        self.fixed = dict(fixed or {})
        self.resolvers = dict(resolvers or {})
        self.fresh = []

    def fork(self):
        """A copy to try a match on; `adopt` it when the match is kept."""
        other = copy.copy(self)
        other.values = dict(self.values)
        other.fresh = list(self.fresh)
        return other

    def adopt(self, other):
        self.values = other.values
        self.fresh = other.fresh

    def take_fresh(self):
        """The placeholders bound since the last call, in order."""
        fresh, self.fresh = self.fresh, []
        return fresh

    def fixed_value(self, placeholder):
        value = self.fixed[placeholder]
        return value() if callable(value) else value

    def see(self, placeholder, value):
        """An answer shows `value` where the recording has `placeholder`: bind it or compare; returns problems."""
        kind = kind_of(placeholder)
        if kind.role == "fixed":
            if placeholder not in self.fixed:
                return ["%s has no value in this replay" % placeholder]
            expected = self.fixed_value(placeholder)
            return [] if value == expected else ["%s: %r != %r" % (placeholder, value, expected)]
        if kind.role != "bound":
            return []
        return self.bind(placeholder, value)

    def bind(self, placeholder, value):
        if placeholder in self.values:
            bound = self.values[placeholder]
            return [] if bound == value else ["%s was %r, now %r (same n must be the same value)" % (placeholder, bound, value)]
        problems = ["%s has the same value as %s (different n must differ)" % (placeholder, other)
                    for other, bound in self.values.items() if bound == value and family(other) == family(placeholder)]
        self.values[placeholder] = value
        self.fresh.append(placeholder)
        return problems

    def value(self, placeholder):
        """The value to send for `placeholder` in a request (raises Unbound)."""
        if placeholder in self.values:
            return self.values[placeholder]
        if placeholder in self.fixed:
            return self.fixed_value(placeholder)
        resolver = self.resolvers.get(kind_of(placeholder).name)
        if resolver is None:
            raise Unbound(placeholder)
        value = resolver(placeholder, self)
        if value is None:
            raise Unbound(placeholder)
        return value


def fill_text(text, bindings):
    """`text` with every placeholder replaced by its value."""
    return PLACEHOLDER.sub(lambda match: str(bindings.value(match.group(0))), text)


def fill(value, bindings):
    """A JSON value (request body, query, headers) with its placeholders replaced; raises Unbound."""
    if isinstance(value, str):
        return fill_text(value, bindings)
    if isinstance(value, dict):
        return {fill_text(key, bindings): fill(item, bindings) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, bindings) for item in value]
    return value
