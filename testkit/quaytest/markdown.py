"""Tables of the docs' Markdown pages, for the tests that check a page against the code."""

import re


def table_rows(path, heading, key=r"[^`]+"):
    """{key: [cells after the first]} for each `| \\`key\\` | … |` row of the section under `heading`
    (up to the next `## `); fails naming the page when the heading is missing."""
    text = path.read_text(encoding="utf-8")
    assert heading in text, "%s has no section %r" % (path.name, heading)
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for match in re.finditer(r"^\|\s*`(%s)`\s*\|(.*)\|\s*$" % key, section, re.M):
        rows[match.group(1)] = [cell.strip() for cell in re.split(r"(?<!\\)\|", match.group(2))]
    return rows
