"""Reading rendered pages: the text of table rows, without a browser."""

from html.parser import HTMLParser


class _Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(response) -> list[list[str]]:
    """Cell texts of every body row of every table in the page, whitespace collapsed."""
    parser = _Rows()
    parser.feed(response.content.decode())
    return parser.rows


class _Widget(HTMLParser):
    def __init__(self, element_id):
        super().__init__()
        self.element_id = element_id
        self.attrs: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        widget = tag in ("input", "select", "textarea")
        if self.attrs is None and widget and found.get("id") == self.element_id:
            self.attrs = found


def widget_attrs(page: str, element_id: str) -> dict[str, str | None]:
    """The attributes of the input, select or textarea with that id (KeyError if none)."""
    parser = _Widget(element_id)
    parser.feed(page)
    if parser.attrs is None:
        raise KeyError(element_id)
    return parser.attrs
