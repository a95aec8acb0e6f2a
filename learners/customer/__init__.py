"""The customer's view of results (004 §1.4): a customer's representative reads, for
any span of dates, the attendance, current results and attestation of the learners
enrolled under their contracts, and downloads them as XLSX. Every view is a
disclosure of results and is written to the disclosure log."""
