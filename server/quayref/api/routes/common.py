"""What several route modules share: routes that exist in one profile only, and the empty 204.

A route whose body or answer differs between the profiles is registered twice, once per profile,
with `route_class_override=only_when(...)`: each copy matches a request only when its predicate
holds for the server's profile, so the other copy (or the other profile's 404 and 405) answers
otherwise. Both copies keep their own body model, which a profile-blind pydantic model could not.
"""

from fastapi import Response
from fastapi.routing import APIRoute
from starlette.routing import Match


def only_when(predicate, name):
    """An APIRoute class whose routes match only when predicate(the server's Profile) is true.

    A class, not an instance option: FastAPI copies routes by their class when a router is included."""

    def matches(self, scope):
        if scope["type"] == "http" and not predicate(scope["app"].state.settings.profile):
            return Match.NONE, {}
        return APIRoute.matches(self, scope)

    return type(name, (APIRoute,), {"matches": matches, "__doc__": "Routes of one profile: %s." % name})


def no_content(settings):
    """An empty 204, with the Content-Type the profile sends on one (Profile.no_content_media_type)."""
    return Response(status_code=204, media_type=settings.profile.no_content_media_type)
