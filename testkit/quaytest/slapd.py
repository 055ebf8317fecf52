"""A real OpenLDAP ``slapd`` (Debian's package) for the bootstrap tests.

``SlapdServer`` writes a slapd.conf into a temporary directory (core, cosine,
inetorgperson and nis schemas, back_mdb, and the memberof overlay so that
``LDAP_SUPERUSER_FILTER`` can be Quay's usual ``(memberOf=cn=…)`` filter),
starts ``slapd -f CONF -h ldap://127.0.0.1:PORT`` in the foreground, waits
until it answers, seeds the directory over LDAP (slapadd would skip the
overlay) and stops it on exit.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import ldap3
from ldap3.utils.dn import escape_rdn

from quaytest.ports import free_port
from quaytest.procs import entered, read_text, start_logged, terminate, wait_ready

BASE_DN = "dc=example,dc=org"
ADMIN_DN = f"cn=admin,{BASE_DN}"
PEOPLE_DN = f"ou=people,{BASE_DN}"
GROUPS_DN = f"ou=groups,{BASE_DN}"
SUPERUSER_GROUP_DN = f"cn=quay-superusers,{GROUPS_DN}"
SUPERUSER_FILTER = f"(memberOf={SUPERUSER_GROUP_DN})"

SUPERUSER = "quay-svc"
PLAIN_USER = "alice"
# A real account whose uid is made of filter metacharacters: unescaped, it turns
# the superuser query into "(|(uid=evil*)(uid=*)…)", which matches every superuser.
EVIL_USER = "evil*)(uid=*"

SCHEMAS = ("core", "cosine", "inetorgperson", "nis")
SLAPD_CANDIDATES = ("/usr/sbin/slapd", "/usr/local/libexec/slapd")
MODULE_PATH = "/usr/lib/ldap"
SCHEMA_DIR = "/etc/ldap/schema"


def ssha(password: str) -> str:
    """RFC 2307 {SSHA}: the directory never holds a clear-text password."""
    salt = secrets.token_bytes(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def find_slapd() -> str:
    for candidate in (shutil.which("slapd"), *SLAPD_CANDIDATES):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("slapd is not installed: apt-get install slapd ldap-utils")


class SlapdServer:
    """Context manager around one slapd process with a seeded directory."""

    def __init__(self) -> None:
        self.port = free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}"
        self.base_dn = BASE_DN
        self.admin_dn = ADMIN_DN
        self.admin_password = secrets.token_urlsafe(16)
        self.passwords = {name: secrets.token_urlsafe(16) for name in (SUPERUSER, PLAIN_USER, EVIL_USER)}
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._proc: subprocess.Popen | None = None

    def user_dn(self, uid: str) -> str:
        return f"uid={escape_rdn(uid)},{PEOPLE_DN}"

    def quay_config(self) -> dict:
        """Quay's LDAP keys for this directory."""
        return {
            "AUTHENTICATION_TYPE": "LDAP",
            "LDAP_URI": self.uri,
            "LDAP_BASE_DN": BASE_DN.split(","),
            "LDAP_USER_RDN": ["ou=people"],
            "LDAP_UID_ATTR": "uid",
            "LDAP_EMAIL_ATTR": "mail",
            "LDAP_ADMIN_DN": ADMIN_DN,
            "LDAP_ADMIN_PASSWD": self.admin_password,
            "LDAP_USER_FILTER": "(objectClass=inetOrgPerson)",
            "LDAP_SUPERUSER_FILTER": SUPERUSER_FILTER,
            "LDAP_TIMEOUT": 5,
        }

    def _write_config(self, root: Path) -> Path:
        (root / "data").mkdir()
        lines = [f"include {SCHEMA_DIR}/{name}.schema" for name in SCHEMAS]
        lines += [
            f"modulepath {MODULE_PATH}",
            "moduleload back_mdb",
            "moduleload memberof",
            f"pidfile {root / 'slapd.pid'}",
            f"argsfile {root / 'slapd.args'}",
            "database mdb",
            "maxsize 16777216",
            f'suffix "{BASE_DN}"',
            f'rootdn "{ADMIN_DN}"',
            f"rootpw {ssha(self.admin_password)}",
            f"directory {root / 'data'}",
            "overlay memberof",
            "memberof-group-oc groupOfNames",
            "memberof-member-ad member",
            "memberof-memberof-ad memberOf",
            # Passwords are only ever usable to bind; everything else is readable
            # by bound users, as in a typical corporate directory.
            "access to attrs=userPassword by anonymous auth by self write by * none",
            "access to * by users read by * none",
        ]
        conf = root / "slapd.conf"
        conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return conf

    def __enter__(self) -> "SlapdServer":
        self._tmp = tempfile.TemporaryDirectory(prefix="quayref-slapd-")
        root = Path(self._tmp.name)
        conf = self._write_config(root)
        # -d keeps slapd in the foreground so that this object owns the process.
        self._proc = start_logged([find_slapd(), "-f", str(conf), "-h", self.uri, "-d", "stats"], root / "slapd.log")
        return entered(self, self._wait_ready, self._seed)

    def _wait_ready(self, timeout: float = 30.0) -> None:
        wait_ready(self._proc, lambda: self.admin_connection().unbind(), timeout, "slapd", lambda: self.log_text()[-2000:],
                   errors=ldap3.core.exceptions.LDAPException)

    def admin_connection(self) -> ldap3.Connection:
        server = ldap3.Server(self.uri, connect_timeout=2)
        return ldap3.Connection(server, self.admin_dn, self.admin_password, auto_bind=True, receive_timeout=5)

    def _add_person(self, conn: ldap3.Connection, uid: str, mail: str) -> None:
        attrs = {"cn": uid, "sn": uid, "uid": uid, "mail": mail, "userPassword": ssha(self.passwords[uid])}
        if not conn.add(self.user_dn(uid), ["inetOrgPerson"], attrs):
            raise RuntimeError(f"seeding {uid!r} failed: {conn.result}")

    def _seed(self) -> None:
        conn = self.admin_connection()
        try:
            entries = [
                (BASE_DN, ["dcObject", "organization"], {"dc": "example", "o": "Example"}),
                (PEOPLE_DN, ["organizationalUnit"], {"ou": "people"}),
                (GROUPS_DN, ["organizationalUnit"], {"ou": "groups"}),
            ]
            for dn, classes, attrs in entries:
                if not conn.add(dn, classes, attrs):
                    raise RuntimeError(f"seeding {dn} failed: {conn.result}")
            self._add_person(conn, SUPERUSER, "quay-svc@example.org")
            self._add_person(conn, PLAIN_USER, "alice@example.org")
            self._add_person(conn, EVIL_USER, "evil@example.org")
            # Groups after their members: memberof sets memberOf on the members.
            groups = {SUPERUSER_GROUP_DN: [SUPERUSER], f"cn=developers,{GROUPS_DN}": [PLAIN_USER, EVIL_USER]}
            for dn, members in groups.items():
                cn = dn.split(",", 1)[0].split("=", 1)[1]
                if not conn.add(dn, ["groupOfNames"], {"cn": cn, "member": [self.user_dn(m) for m in members]}):
                    raise RuntimeError(f"seeding {dn} failed: {conn.result}")
        finally:
            conn.unbind()

    def log_text(self) -> str:
        return read_text(Path(self._tmp.name) / "slapd.log" if self._tmp else None)

    def stop(self) -> None:
        """Stop slapd but keep its data, e.g. to test an unreachable directory."""
        terminate(self._proc, timeout=15)
        self._proc = None

    def __exit__(self, *exc) -> None:
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
