"""`ldap`: an LDAP service account (AUTHENTICATION_TYPE: LDAP), with Quay's LDAP keys.

As Quay does: find the user with the admin bind under each LDAP_USER_RDN, bind as
that user with the given password, then check the superuser filter with Quay's
query shape ``(&(|(uid=X)(mail=X))LDAP_SUPERUSER_FILTER)``. Every value that comes
from the caller is escaped with ldap3's helper before it enters a filter.
"""

import logging
import ssl

import ldap3
from ldap3.core import exceptions as ldap_errors
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

from quayref.services import authz
from quayref.services.bootstrap.outcome import Qualification, Qualified, bad_credentials, not_superuser, unavailable

LOG = logging.getLogger("quayref.bootstrap.ldap")
UNREACHABLE = "The LDAP server is unreachable; bootstrap authentication through LDAP is unavailable"


class _Directory:
    """Quay's LDAP settings, read once per attempt."""

    def __init__(self, settings):
        self.uri = settings.LDAP_URI or ""
        base = settings.LDAP_BASE_DN or []
        self.base_dn = ",".join(base) if isinstance(base, list) else str(base)
        rdns = settings.LDAP_USER_RDN or []
        # Quay takes the user RDN as a list of components of one sub-tree.
        self.user_base = ",".join([*rdns, self.base_dn] if isinstance(rdns, list) else [rdns, self.base_dn]).strip(",")
        self.uid_attr = settings.LDAP_UID_ATTR
        self.email_attr = settings.LDAP_EMAIL_ATTR
        self.admin_dn = settings.LDAP_ADMIN_DN
        self.admin_password = settings.LDAP_ADMIN_PASSWD
        self.user_filter = _parenthesised(settings.LDAP_USER_FILTER)
        self.superuser_filter = _parenthesised(settings.LDAP_SUPERUSER_FILTER)
        self.timeout = settings.LDAP_TIMEOUT

    def server(self):
        # ldap3 does not check certificates unless told to: without this, ldaps:// would hand
        # the service account's password to whoever answers.
        tls = ldap3.Tls(validate=ssl.CERT_REQUIRED)
        return ldap3.Server(self.uri, connect_timeout=self.timeout, get_info=ldap3.NONE, tls=tls)

    def connection(self, dn, password):
        return ldap3.Connection(self.server(), dn, password, receive_timeout=self.timeout, raise_exceptions=False, read_only=True)

    def query(self, username, extra_filter):
        value = escape_filter_chars(username)
        return "(&(|(%s=%s)(%s=%s))%s)" % (self.uid_attr, value, self.email_attr, value, extra_filter)


def _parenthesised(value):
    if not value:
        return ""
    return value if value.startswith("(") else "(%s)" % value


def _admin_bind(directory):
    conn = directory.connection(directory.admin_dn, directory.admin_password)
    if not conn.bind():
        conn.unbind()
        LOG.error("LDAP admin bind as %s failed: %s", directory.admin_dn, conn.result.get("description"))
        raise unavailable("ldap admin bind failed", "The LDAP admin bind failed (check LDAP_ADMIN_DN and LDAP_ADMIN_PASSWD)")
    return conn


def _search(conn, directory, username, extra_filter):
    conn.search(directory.user_base, directory.query(username, extra_filter), attributes=[directory.uid_attr, directory.email_attr], size_limit=2)
    return list(conn.entries)


def _first(entry, attr):
    values = entry[attr].values if attr in entry else []
    return str(values[0]) if values else None


def _user_bind(directory, dn, password):
    conn = directory.connection(dn, password)
    try:
        return conn.bind()
    finally:
        conn.unbind()


def verify(settings, username, password):
    """The qualifying LDAP account, or Refused. Creates nothing: the caller federates the user."""
    account = lookup(settings, username, password)
    if account.qualification is None:
        raise not_superuser("does not match LDAP_SUPERUSER_FILTER")
    return account


def lookup(settings, username, password):
    """The LDAP account these credentials bind as, superuser or not (`qualification` None when not), or Refused."""
    # An empty password would be an anonymous ("unauthenticated") simple bind, which many
    # directories accept: never let it reach the server.
    if not password:
        raise bad_credentials("empty password")
    if not username:
        raise bad_credentials("empty username")
    directory = _Directory(settings)
    try:
        admin = _admin_bind(directory)
        try:
            entries = _search(admin, directory, username, directory.user_filter)
            if len(entries) != 1:
                # Spend a bind on a name that cannot exist, so "unknown user" costs about
                # what "wrong password" does (one round trip to the directory).
                _user_bind(directory, "%s=%s,%s" % (directory.uid_attr, escape_rdn(username), directory.user_base), password)
                raise bad_credentials("unknown user" if not entries else "ambiguous user")
            entry = entries[0]
            if not _user_bind(directory, entry.entry_dn, password):
                raise bad_credentials("invalid username or password")
            uid = _first(entry, directory.uid_attr) or username
            qualification = Qualification.SUPER_USERS if authz.is_superuser(settings, uid) else None
            if qualification is None and directory.superuser_filter:
                matches = _search(admin, directory, username, directory.superuser_filter)
                if len(matches) == 1 and matches[0].entry_dn == entry.entry_dn:
                    qualification = Qualification.LDAP_SUPERUSER_FILTER
        finally:
            admin.unbind()
    except ldap_errors.LDAPException as exc:
        # Socket errors, timeouts, a refused connection: a 503, never a pass and never a 500.
        LOG.error("LDAP server %s failed: %s", directory.uri, type(exc).__name__)
        raise unavailable("ldap unavailable", UNREACHABLE) from None
    return Qualified(username=uid.lower(), email=_first(entry, directory.email_attr), federated_login="ldap", qualification=qualification)
