"""The register of events (R-PF-5; 002 §4.4)."""
