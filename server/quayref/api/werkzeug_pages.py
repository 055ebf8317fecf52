"""The HTML Quay 3.18 answers with outside its JSON API: werkzeug's error and redirect pages, and
the start of its web app shell (the page its catch-all route renders as a 404).

The byte layout of werkzeug's pages is what clients see (and the recording keeps), so it is
reproduced exactly; the app shell is not quayref's to copy, so only its opening is Quay's.
"""

from starlette.responses import Response

from quayref.services import sessions

HTML = "text/html; charset=utf-8"
# markupsafe's escaping, which werkzeug's pages use (not html.escape's &#x27; and &quot;).
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&#34;"})
REASONS = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 415: "Unsupported Media Type"}
DESCRIPTIONS = {405: "The method is not allowed for the requested URL."}


def escape(text):
    return text.translate(ESCAPES)


def error_page(status, description=None, headers=None):
    """werkzeug's HTTPException page."""
    name = escape(REASONS[status])
    text = escape(description or DESCRIPTIONS[status]).replace("\n", "<br>")
    body = "<!doctype html>\n<html lang=en>\n<title>%d %s</title>\n<h1>%s</h1>\n<p>%s</p>\n" % (status, name, name, text)
    return Response(body, status_code=status, headers=headers, media_type=HTML)


def redirect_page(location, status=308):
    """werkzeug's redirect(): the Location and a page that links to it."""
    link = escape(location)
    body = ("<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"
            "<p>You should be redirected automatically to the target URL: <a href=\"%s\">%s</a>. If not, click the link.\n"
            % (link, link))
    return Response(body, status_code=status, headers={"Location": location}, media_type=HTML)


# Quay renders its single-page app here, with the error in its route data; quayref has no web UI.
APP_SHELL = """<!DOCTYPE html>
<html ng-app="quay" class="onprem">
  <head>
    <meta charset="utf-8">
    <title>Not Found</title>
  </head>
  <body>
    <h1>Not Found</h1>
    <p>There is no page at this address. quayref serves Quay's API under /api/v1/ and no web interface.</p>
  </body>
</html>
"""


def app_shell_404(request):
    """Quay's web 404: the app shell, never cached, not framed; rendering it starts a session, whose
    cookie (_csrf_token) holds the CSRF token, so a browser that lands here can sign in next."""
    response = Response(APP_SHELL, status_code=404, media_type=HTML,
                        headers={"X-Frame-Options": "DENY", "Cache-Control": "no-cache, no-store, must-revalidate"})
    if not request.cookies.get(sessions.CSRF_COOKIE):
        response.set_cookie(sessions.CSRF_COOKIE, sessions.new_csrf_token(), httponly=True, samesite="lax", path="/",
                            secure=request.app.state.settings.SESSION_COOKIE_SECURE)
    return response
