"""quay-3.18: organizations and OAuth applications answer as the recorded Quay 3.18 did
(scenarios 2-organization and 3-applications), and avatars are Quay's."""

import hashlib
import re
from contextlib import closing

import pytest
from resources_helpers import ALICE, NOT_FOUND, bearer, without_type

from quaytest.api import signed_in, unique
from quayref.services import users

NAMESPACE_RULE = "Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$"


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


# -- Avatars ---------------------------------------------------------------------------


@pytest.mark.parametrize("name, email, kind, digest, color", [
    # Recorded: quayadmin's user avatar, platform's after its e-mail changed, the owners team.
    ("quayadmin", "quayadmin@example.com", "user", "3e82e9cbf62d25de", "#e7ba52"),
    ("platform", "platform-ops@example.com", "user", "c65109f7f1a615eb", "#d62728"),
    ("owners", "owners", "team", "6f0e3a8c0eb46e88", "#c7c7c7"),
    ("userorg", "userorg@example.com", "user", "d731431829629054", "#9c9ede"),
])
def test_avatars_are_the_sha256_of_the_email_in_quays_colours(name, email, kind, digest, color):
    avatar = users.avatar(name, email, kind)
    assert avatar == {"name": name, "hash": sha256(email), "color": color, "kind": kind}
    assert avatar["hash"].startswith(digest)


def test_an_avatar_without_email_hashes_the_name():
    assert users.avatar("robotless", None, "user")["hash"] == sha256("robotless")


# -- Organizations ---------------------------------------------------------------------


def test_create_answers_201_with_the_json_string_created(admin):
    response = admin.post("/api/v1/organization/", json={"name": unique("org"), "email": "x@example.com"})
    assert response.status_code == 201 and response.headers["content-type"] == "application/json"
    assert response.json() == "Created"


def test_an_existing_name_and_an_invalid_name_get_quays_400s(admin, setup):
    taken = admin.post("/api/v1/organization/", json={"name": setup.org, "email": "again@example.com"})
    assert taken.status_code == 400
    assert taken.json()["detail"] == "A user or organization with this name already exists"
    bad = admin.post("/api/v1/organization/", json={"name": "Bad Name!", "email": "bad@example.com"})
    assert bad.status_code == 400 and bad.json()["detail"] == "Invalid namespace Bad Name!: " + NAMESPACE_RULE


def test_an_owner_sees_quays_full_view_with_the_owners_team(admin, setup):
    body = admin.get("/api/v1/organization/" + setup.org).json()
    email = setup.org + "@example.com"
    assert body == {
        "name": setup.org, "email": email,
        "avatar": {"name": setup.org, "hash": sha256(email), "color": users.avatar(setup.org, email, "user")["color"],
                   "kind": "user"},
        "is_admin": True, "is_member": True,
        "teams": {"owners": {"name": "owners", "description": "", "role": "admin", "avatar": users.avatar("owners", "owners", "team"),
                             "can_view": True, "repo_count": 0, "member_count": 1, "is_synced": False}},
        "ordered_teams": ["owners"],
        "invoice_email": False, "invoice_email_address": None, "tag_expiration_s": 1209600, "is_free_account": True,
    }


def public_view(org):
    email = org + "@example.com"
    return {"name": org, "email": "", "avatar": users.avatar(org, email, "user"), "is_admin": False, "is_member": False}


def test_anyone_reads_the_public_view_even_without_credentials(server, setup):
    assert server.request("GET", "/api/v1/organization/" + setup.org).json() == public_view(setup.org)
    invalid = server.request("GET", "/api/v1/organization/" + setup.org, bearer="NOTAREALTOKEN0000000000000000000000000000")
    assert invalid.status_code == 200 and invalid.json() == public_view(setup.org)


def test_a_non_member_and_an_owners_repo_read_token_see_the_public_view(server, setup):
    with closing(signed_in(server, *ALICE)) as alice:
        assert alice.get("/api/v1/organization/" + setup.org).json() == public_view(setup.org)
    # Quay caps what a token may do in an organization by its scopes.
    with closing(bearer(server, setup, scope="repo:read")) as reader:
        assert reader.get("/api/v1/organization/" + setup.org).json() == public_view(setup.org)
    with closing(bearer(server, setup, scope="org:admin")) as org_admin:
        assert org_admin.get("/api/v1/organization/" + setup.org).json()["is_admin"] is True


def test_updates_answer_the_view_and_change_the_avatar_with_the_email(admin, setup):
    path = "/api/v1/organization/" + setup.org
    changed = admin.put(path, json={"email": "ops-" + setup.org + "@example.com"}).json()
    assert changed["email"] == "ops-%s@example.com" % setup.org
    assert changed["avatar"]["hash"] == sha256("ops-%s@example.com" % setup.org)
    assert admin.put(path, json={"tag_expiration_s": 86400}).json()["tag_expiration_s"] == 86400
    refused = admin.put(path, json={"tag_expiration_s": 3600})
    assert refused.status_code == 400 and refused.json() == {"message": "Invalid tag expiration option"}
    assert admin.get(path).json()["tag_expiration_s"] == 86400


def test_delete_is_a_json_204_and_then_the_org_is_not_found(admin, setup):
    path = "/api/v1/organization/" + setup.org
    deleted = admin.delete(path)
    assert deleted.status_code == 204 and deleted.content == b""
    assert deleted.headers["content-type"] == "application/json"
    for method in ("GET", "DELETE", "PUT"):
        missing = admin.request(method, path, json={"email": "x@example.com"} if method == "PUT" else None)
        assert missing.status_code == 404 and without_type(missing.json()) == NOT_FOUND


# -- Applications ----------------------------------------------------------------------

CLIENT_ID = re.compile(r"^[A-Z0-9]{20}$")
CLIENT_SECRET = re.compile(r"^[A-Z0-9]{40}$")


def test_client_ids_and_secrets_are_upper_case_and_digits(admin, setup):
    path = "/api/v1/organization/%s/applications" % setup.org
    created = admin.post(path, json={"name": "ci-app", "description": "CI pipeline", "application_uri": "https://ci.example.com",
                                     "redirect_uri": "https://ci.example.com/callback"}).json()
    assert CLIENT_ID.match(created["client_id"]) and CLIENT_SECRET.match(created["client_secret"])
    assert created == {"name": "ci-app", "description": "CI pipeline", "application_uri": "https://ci.example.com",
                       "client_id": created["client_id"], "client_secret": created["client_secret"],
                       "redirect_uri": "https://ci.example.com/callback", "avatar_email": None}
    assert admin.get(path + "/" + created["client_id"]).json() == created
    reset = admin.post(path + "/%s/resetclientsecret" % created["client_id"]).json()
    assert CLIENT_SECRET.match(reset["client_secret"]) and reset["client_secret"] != created["client_secret"]


def test_put_replaces_the_application(admin, setup):
    path = "/api/v1/organization/%s/applications/%s" % (setup.org, setup.client_id)
    full = {"name": "ci-app", "description": "prod", "application_uri": "https://ci.example.com",
            "redirect_uri": "https://ci.example.com/cb", "avatar_email": "ci@example.com"}
    assert admin.put(path, json=full).json()["avatar_email"] == "ci@example.com"
    # Left out: description becomes "" and avatar_email null, as Quay's PUT replaces.
    replaced = admin.put(path, json={"name": "ci-app", "application_uri": "", "redirect_uri": ""}).json()
    assert (replaced["description"], replaced["avatar_email"]) == ("", None)
    partial = admin.put(path, json={"description": "only description"})
    assert partial.status_code == 400 and "'name' is a required property" in partial.json()["detail"]
    assert admin.get(path).json()["name"] == "ci-app"


def test_deleting_an_application_is_a_json_204_then_not_found(admin, setup):
    path = "/api/v1/organization/%s/applications/%s" % (setup.org, setup.client_id)
    deleted = admin.delete(path)
    assert deleted.status_code == 204 and deleted.headers["content-type"] == "application/json"
    for method in ("GET", "DELETE"):
        assert without_type(admin.request(method, path).json()) == NOT_FOUND
    unknown = admin.get("/api/v1/organization/nosuchorg%s/applications" % unique(""))
    assert unknown.status_code == 404 and without_type(unknown.json()) == NOT_FOUND
