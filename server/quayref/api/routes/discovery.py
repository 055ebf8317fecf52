"""GET /api/v1/discovery: Quay's Swagger 2.0 document of this API (api/discovery.py builds it)."""

from fastapi import APIRouter, Request

from quayref.api import discovery

# Only where the profile serves it (Profile.quay_discovery_and_health); the proposal has /openapi.json.
router = APIRouter(tags=["discovery"])


@router.get("/api/v1/discovery")
def api_discovery(request: Request, internal: str | None = None):
    """List all of the API endpoints available in the swagger API format; anonymous callers too."""
    include_internal = (internal or "").strip().lower() in ("true", "1", "yes", "on")
    return discovery.document(request.app, request.app.state.settings, request.url.netloc, include_internal)
