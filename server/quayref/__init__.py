"""Reference server for Project Quay programmatic OAuth token provisioning."""
