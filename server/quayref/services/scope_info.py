"""What Quay tells a user about each OAuth scope (title, description, icon, whether it is dangerous),
as GET /api/v1/user/authorizations shows it in the Quay 3.18 recording."""

from quayref.services.scopes import SCOPES

_ABSOLUTE_TRUST = " You should have absolute trust in the requesting application before granting this permission."

SCOPE_INFO = {
    "repo:read": ("View all visible repositories",
                  "This application will be able to view and pull all repositories visible to the granting user",
                  "fa-hdd-o", False),
    "repo:write": ("Read/Write to any accessible repositories",
                   "This application will be able to view, push and pull to all repositories to which the granting user"
                   " has write access",
                   "fa-hdd-o", False),
    "repo:admin": ("Administer Repositories",
                   "This application will have administrator access to all repositories to which the granting user has access",
                   "fa-hdd-o", False),
    "repo:create": ("Create Repositories",
                    "This application will be able to create repositories in all namespaces that the granting user is allowed"
                    " to create repositories",
                    "fa-plus", False),
    "user:read": ("Read User Information",
                  "This application will be able to read user information such as username and email address.",
                  "fa-user", False),
    "user:admin": ("Administer User",
                   "This application will be able to administer your account including creating robots and granting them"
                   " permissions to your repositories." + _ABSOLUTE_TRUST,
                   "fa-gear", True),
    "org:admin": ("Administer Organization",
                  "This application will be able to administer your organizations including creating robots, creating teams,"
                  " adjusting team membership, and changing billing settings." + _ABSOLUTE_TRUST,
                  "fa-gear", True),
    "super:user": ("Super User Access",
                   "This application will be able to administer your installation including managing users, managing"
                   " organizations and other features found in the superuser panel." + _ABSOLUTE_TRUST,
                   "fa-street-view", True),
}
assert set(SCOPE_INFO) == set(SCOPES)


def describe(scope_text):
    """The scopes of a stored scope string, in its order, as Quay describes them.

    Quay's own order is a set's, different from one Quay process to the next (the recording shows
    one token's eight scopes in three orders); quayref keeps the stored order, which is stable."""
    result = []
    for name in scope_text.split():
        if name in SCOPE_INFO:
            title, description, icon, dangerous = SCOPE_INFO[name]
            result.append({"title": title, "scope": name, "description": description, "icon": icon, "dangerous": dangerous})
    return result
