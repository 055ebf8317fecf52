#!/usr/bin/env bash
# Run every module at -vvv against the reference servers (bootstrap off, on,
# and trusting an OpenID provider) and search the output
# for every secret and password the play used or received: only the one
# `token` return value of the task that minted it may show a token (and the
# `client_secret` return value of the task that created the application).
set -eu
# ansible-test hands script targets no vars file of their own; use the one
# scripts/test-modules.sh wrote (ansible-test copies tests/integration along).
config="../../integration_config.yml"
[ -f "$config" ] || { echo "runme.sh: $config not found (run through scripts/test-modules.sh)" >&2; exit 1; }
log="$OUTPUT_DIR/secrets-vvv.log"
if ! ansible-playbook -vvv -i "$INVENTORY_PATH" playbook.yml -e "@$config" -e "output_dir=$OUTPUT_DIR" "$@" > "$log" 2>&1; then
    tail -n 60 "$log"
    exit 1
fi
"${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" check_log.py "$log" "$OUTPUT_DIR/secrets.json"
