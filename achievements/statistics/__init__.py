"""Class and organisation statistics of attestation results per period or year (issue 14,
000 §6.3): ``core`` computes, ``rules`` says how, the pages and the council's report
show them."""
