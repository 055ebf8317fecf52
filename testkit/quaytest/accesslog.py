"""quayref's access log: the requests a server has answered, read from its log file."""

import re

# uvicorn's '"GET /path HTTP/1.1" 200' or a plain 'GET /path 200'.
ACCESS_LINE = re.compile(r'\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/\S*) (?:HTTP/[0-9.]+" )?(\d{3})\b')


def requests(log_path):
    """[(method, path, status)] for every request line in `log_path`, in order (status is a string)."""
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        return [match.groups() for match in map(ACCESS_LINE.search, handle) if match]
