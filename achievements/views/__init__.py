"""Journal, attestation and e-diary pages, one module per part; thin: they parse
input, call a service or a selector, and render or redirect."""
