"""The API's tests use the personas' ``bearer`` tokens (root conftest)."""
