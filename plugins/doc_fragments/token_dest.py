# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:

    # The file that keeps a token (plugins/module_utils/_stored_token.py, _secret_file.py): its own
    # fragment, as the rules of what a later run keeps are long.
    DOCUMENTATION = r"""
options:
  dest:
    description:
      - File that keeps the token, written atomically with O(dest_mode), O(dest_owner) and O(dest_group) when a
        token is created (its directory must exist), in the format O(dest_format) names.
      - A later run keeps the token only if the file's token is live with the wanted O(scopes) and O(name); with
        V(json), that very C(uuid) on the same C(quay_host) must be in the listing (no extra request); a bare secret
        is checked with one more request, the listing sent with that secret as the Bearer token. Otherwise (say,
        someone revoked it and created another of the same name) the token is replaced and RV(reason) says why.
      - A missing or empty file means a new token (per O(recreate)), as Quay never shows a secret again. A file
        that cannot be read fails naming O(dest) and the problem, never its content.
      - With O(state=absent) the file is removed (not emptied, so nothing is left that looks like a credential, and a
        later run treats a missing file as an empty one) when its token is revoked or already gone. A file of
        another C(quay_host) stays; a bare secret goes when every token of O(name) is revoked, not with O(uuid).
    type: path
  dest_format:
    description:
      - V(json) writes Quay's own start-up token file format, a JSON object with C(access_token) (the secret), plus
        the token's C(uuid), C(name), C(scope), C(expires_at) and C(quay_host). Read the secret with
        C(jq -r .access_token) or the C(from_json) filter.
      - V(text) writes the bare secret and a newline, for tools that read the file as the token itself.
      - A V(json) file asked for as V(text) is rewritten with the same token. A file that records no C(uuid) (a bare
        secret, or one Quay wrote) asked for as V(json) gets a new token once, as only then is its identity known.
    type: str
    choices: [json, text]
    default: json
    version_added: 2.0.0
  dest_mode:
    description:
      - Mode of O(dest), an octal string in quotes (V('0600'), V('0640')); an unquoted C(0600) is a number to YAML.
      - It gives "other" no permission, as the file holds a secret; such a mode, or a setuid, setgid or sticky bit,
        fails naming this option before any request.
      - Set on the new file before the secret is written into it and before it replaces O(dest), so the secret is
        never readable by more than this mode allows. When the run keeps the token and the file's mode, owner or
        group differ, they are set (C(changed=true); in check mode, reported), and the diff shows them, never
        the content.
    type: str
    default: '0600'
    version_added: 2.0.0
  dest_owner:
    description:
      - Owner of O(dest), a user name or numeric uid of the host that runs the module. Not given, the file belongs
        to the user that runs the module (or keeps its owner when the token is kept).
      - An unknown user fails naming this option before any request. Another owner than the user running the
        module needs privileges (O(dest_owner) with C(become)). Needs O(dest).
    type: str
    version_added: 2.0.0
  dest_group:
    description:
      - Group of O(dest), a group name or numeric gid, as O(dest_owner). With O(dest_mode=0640) its members can read
        the token. An unknown group fails naming this option before any request. Needs O(dest).
    type: str
    version_added: 2.0.0
  read_with_dest:
    description:
      - Make the token listing with the secret in O(dest) as the Bearer token first (either O(dest_format)). When
        Quay answers it, that listing decides and, as it proved the secret live, a bare secret needs no second call;
        an idempotent run is then one request (two with an application given by name) and needs no credential option.
      - When Quay refuses the secret (revoked or expired), the token is replaced (RV(reason) says so); when the secret
        is live but cannot list (it lacks C(org:admin)), it counts as live. Either way the credential options then list.
      - Changes are made with the credential options (one that can only create mints, and the new token revokes the
        old ones); a run that must change tokens and has none fails naming this option.
      - In check mode this asks whether the stored token is good without changing anything; C(changed=false)
        means it is, otherwise RV(reason) says why not.
      - A secret recorded for another C(quay_host) is never sent.
    type: bool
    default: false
    version_added: 2.0.0
"""
