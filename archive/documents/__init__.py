"""Official documents from the record (R-AR-6), their registers, families' requests for
information (R-AR-7) and the log of results leaving the organisation (R-SEC-1).

- ``kinds``: each document kind's builder (the data, read from the record), template
  and what it needs (a learner; a group and subject; a year or period);
- ``numbering``: the register counters, safe when two people issue at once;
- ``services``: issuing (number, PDF/A, stored copy with its SHA-256, the register
  entry and the disclosure row, in one transaction), duplicates and previews;
- ``requests``: families' requests and their one edge table;
- ``disclosures``: the disclosure log.
"""
