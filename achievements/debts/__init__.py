"""Academic debts (R-JRN-13): opened by an attestation mark, liquidated by a retake."""
