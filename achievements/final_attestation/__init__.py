"""Placeholder package: filled by the final_attestation work."""
