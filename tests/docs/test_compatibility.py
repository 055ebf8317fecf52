"""docs/compatibility.md against quayref's profiles: every Profile field is a row, with both values shown."""

import dataclasses

import docblocks
from quaytest.markdown import table_rows
from quayref import profiles

DOC = docblocks.REPO / "docs" / "compatibility.md"
HEADING = "## Differences between the profiles"


def rows():
    """{field: [what it is, proposal, quay-3.18]} from the table under HEADING."""
    found = table_rows(DOC, HEADING, key="[a-z_]+")
    for name, cells in found.items():
        assert len(cells) == 3, "compatibility.md: row %s needs what it is, proposal, quay-3.18" % name
    return found


FIELDS = [field.name for field in dataclasses.fields(profiles.Profile) if field.name != "name"]


def test_every_profile_difference_is_documented_and_every_row_is_a_difference():
    documented = rows()
    assert set(documented) == set(FIELDS), "undocumented: %s; not Profile fields: %s" % (
        sorted(set(FIELDS) - set(documented)), sorted(set(documented) - set(FIELDS)))


def test_every_row_says_what_it_is_and_what_each_profile_does():
    for name, cells in rows().items():
        assert all(cells), "compatibility.md: %s has an empty cell" % name
