"""What several route modules share: the empty 204."""

from fastapi import Response


def no_content():
    """An empty 204 (with quay-3.18, routing.ApiResourceHeaders gives it application/json, as flask-restful)."""
    return Response(status_code=204)
