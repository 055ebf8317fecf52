#!/usr/bin/env bash
# Run the EXAMPLES of every module, exactly as `ansible-doc` shows them, against
# the reference server: the connection comes from QUAY_HOST and QUAY_TOKEN, as
# the examples say.
set -eu
config="../../integration_config.yml"
[ -f "$config" ] || { echo "runme.sh: $config not found (run through scripts/test-modules.sh)" >&2; exit 1; }
python="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
"$python" build_examples.py "$config" "$OUTPUT_DIR/examples.yml" "$OUTPUT_DIR/examples.env"
# shellcheck disable=SC1091
. "$OUTPUT_DIR/examples.env"
export QUAY_HOST QUAY_TOKEN
export HOME="$OUTPUT_DIR"
ansible-playbook -i "$INVENTORY_PATH" "$OUTPUT_DIR/examples.yml" "$@"
# The text example keeps a bare secret; the last one revoked the CI token and removed its JSON file
# (which "Read the stored secret in a later play" read with from_json before).
test -s "$OUTPUT_DIR/.quay-registry-token"
test ! -e "$OUTPUT_DIR/.quay-ci-token.json"
