"""What each document prints, read from the record into plain data (strings, numbers,
lists, dicts): the same data is stored with the issued copy (``IssuedDocument.content``)
so that a duplicate repeats the original, and so that a document's text can be checked
against its data in tests."""
