"""Levels of mastering an additional education programme by stage — entry diagnostics,
intermediate and final attestation (R-JRN-14; 002 §2.3) — and the individual achievement
sheet of a learner of an association (002 §4.5)."""
