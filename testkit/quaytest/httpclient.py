"""httpx clients for the services quaytest starts (quayref, the OpenID provider), all on loopback.

httpx builds a new SSL context for every Client and loads the CA bundle into it (30 ms of CPU
each here, twice that under load), even for a client that only ever speaks plain HTTP: the
replay's 258 requests and every readiness probe paid it, about 25 s of CPU per replay. These
clients share one context, httpx's default one (certifi's bundle, verification on), made once.
"""

import functools

import httpx


@functools.lru_cache(maxsize=None)
def _tls():
    return httpx.create_ssl_context()


def client(**kwargs):
    """httpx.Client(**kwargs) on the shared SSL context."""
    return httpx.Client(verify=_tls(), **kwargs)


def request(method, url, **kwargs):
    """One request on a fresh connection, as httpx.request(method, url, **kwargs) makes it."""
    with client() as one:
        return one.request(method, url, **kwargs)


def get(url, **kwargs):
    return request("GET", url, **kwargs)


def post(url, **kwargs):
    return request("POST", url, **kwargs)
