"""The API reference (docs/api-reference.md and the pages beside it, docs/api-*.md) against the OpenAPI
document of a live quayref, so that neither drifts.

Markers in the pages (HTML comments, invisible when rendered) name what a table documents:

* ``<!-- openapi: METHOD PATH -->`` before a status table: its first column must be
  exactly the statuses the OpenAPI document lists for that operation;
* ``<!-- openapi-schema: NAME -->`` before a field table: its first column must be exactly
  the properties of that component schema, and the request body's required fields
  must say ``yes``;
* ``<!-- openapi-parameters: METHOD PATH -->`` before a parameter table: exactly the
  query parameters.
"""

import collections
import re

import pytest

import docblocks

# The reference is split by topic into docs/api-*.md (api-reference.md has the overview); the checks
# below read them as one: each marker anywhere, each operation documented once.
DOCS = sorted((docblocks.REPO / "docs").glob("api-*.md"))
assert docblocks.REPO / "docs" / "api-reference.md" in DOCS, DOCS
MARKER = re.compile(r"^<!--\s*(openapi|openapi-schema|openapi-parameters):\s*(.*?)\s*-->$")
TOKEN_OPERATIONS = [(method, "/api/v1/organization/{org}/%s/{client_id}/tokens%s" % (spelling, suffix))
                    for spelling in ("applications", "application")
                    for method, suffix in (("post", ""), ("get", ""), ("delete", "/{token_uuid}"))]


Table = collections.namedtuple("Table", "kind arg first rows")


def tables(text, name):
    """A Table (kind, argument, first cells, rows as cell lists) for each marked table of one page."""
    found = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = MARKER.match(line.strip())
        if not match:
            continue
        row = index + 1
        while row < len(lines) and (MARKER.match(lines[row].strip()) or not lines[row].strip()):
            row += 1
        cells = []
        while row < len(lines) and lines[row].startswith("|"):
            parts = [cell.strip() for cell in re.split(r"(?<!\\)\|", lines[row].strip())[1:-1]]
            if not re.fullmatch(r"-+", parts[0].replace(":", "")):
                cells.append(parts)
            row += 1
        assert cells, "%s: no table after %s" % (name, line)
        found.append(Table(match.group(1), match.group(2), [c[0].strip("`") for c in cells[1:]], cells[1:]))
    return found


def reference_text():
    return "\n".join(path.read_text(encoding="utf-8") for path in DOCS)


TABLES = [table for path in DOCS for table in tables(path.read_text(encoding="utf-8"), path.name)]


def marked(kind):
    return [table.arg for table in TABLES if table.kind == kind]


def find(kind, arg):
    found = [table for table in TABLES if table.kind == kind and table.arg == arg]
    assert len(found) == 1, "%s %s is documented %d times in %s" % (kind, arg, len(found), [p.name for p in DOCS])
    return found[0]


@pytest.fixture(scope="module")
def openapi(quays):
    # The proposal's document: quayref's /openapi.json (the quay-3.18 profile serves Quay's discovery instead).
    with quays("flag-off", docblocks.PROPOSAL).client() as client:
        response = client.get("/openapi.json")
        assert response.status_code == 200
        return response.json()


def operation(openapi, method, path):
    assert path in openapi["paths"], "the server has no path %s" % path
    assert method in openapi["paths"][path], "the server has no %s %s" % (method.upper(), path)
    return openapi["paths"][path][method]


def test_markers_were_found():
    kinds = {table.kind for table in TABLES}
    assert kinds == {"openapi", "openapi-schema", "openapi-parameters"}, kinds


def test_every_token_operation_has_a_status_table():
    documented = {tuple(table.arg.split(None, 1)) for table in TABLES if table.kind == "openapi"}
    for method, path in TOKEN_OPERATIONS:
        assert (method.upper(), path) in documented, "no status table for %s %s" % (method.upper(), path)
        assert path in reference_text(), "the reference never shows the path %s" % path


@pytest.mark.parametrize("arg", marked("openapi"))
def test_status_table_matches_openapi(openapi, arg):
    method, path = arg.split(None, 1)
    table = find("openapi", arg).first
    listed = set(operation(openapi, method.lower(), path)["responses"])
    assert sorted(table) == sorted(listed), "%s: the page documents %s, the OpenAPI document lists %s" % (arg, table, sorted(listed))


def _schema(openapi, name):
    schemas = openapi["components"]["schemas"]
    assert name in schemas, "no component schema %s in the OpenAPI document" % name
    return schemas[name]


@pytest.mark.parametrize("name", marked("openapi-schema"))
def test_field_table_matches_schema(openapi, name):
    first, rows = find("openapi-schema", name).first, find("openapi-schema", name).rows
    schema = _schema(openapi, name)
    assert sorted(first) == sorted(schema["properties"]), "%s: documented %s, schema has %s" % (name, first, sorted(schema["properties"]))
    for row in rows:
        field = row[0].strip("`")
        prop = schema["properties"][field]
        types = {option.get("type") for option in prop.get("anyOf", [prop])}
        words = {"string": "string", "integer": "integer", "array": "array", "boolean": "boolean"}
        for json_type in types - {None, "null"}:
            assert words[json_type] in row[1], "%s.%s: type %s not in %r" % (name, field, json_type, row[1])
        if "null" in types and name != "TokenCreate":
            assert "null" in row[1] or "absent" in row[1], "%s.%s may be null; the page should say so" % (name, field)
        if name == "TokenCreate":
            required = "yes" if field in schema.get("required", []) else "no"
            assert row[2] == required, "%s.%s: required is %s" % (name, field, required)


@pytest.mark.parametrize("arg", marked("openapi-parameters"))
def test_parameter_table_matches_openapi(openapi, arg):
    method, path = arg.split(None, 1)
    first = find("openapi-parameters", arg).first
    query = [p["name"] for p in operation(openapi, method.lower(), path).get("parameters", []) if p["in"] == "query"]
    assert sorted(first) == sorted(query)


def test_create_token_answers_text_plain_as_documented(openapi):
    for path in ("/api/v1/organization/{org}/applications/{client_id}/tokens", "/api/v1/organization/{org}/application/{client_id}/tokens"):
        content = operation(openapi, "post", path)["responses"]["200"]["content"]
        assert "text/plain" in content and "application/json" in content
    assert "Accept: text/plain" in reference_text()


def test_request_body_schema_of_create_is_token_create(openapi):
    for path in ("/api/v1/organization/{org}/applications/{client_id}/tokens", "/api/v1/organization/{org}/application/{client_id}/tokens"):
        body = operation(openapi, "post", path)["requestBody"]["content"]["application/json"]["schema"]
        assert body["$ref"].endswith("/TokenCreate")


def test_openapi_promises_no_422(openapi):
    """quayref answers every validation error with Quay's 400, so its document must not list FastAPI's 422."""
    statuses = {status for item in openapi["paths"].values() for op in item.values() if isinstance(op, dict) for status in op["responses"]}
    assert "422" not in statuses and "400" in statuses
