"""Paging for list pages that grow with the school's history: a page costs the same
few queries however long the list becomes."""

from django.core.paginator import Page, Paginator

PER_PAGE = 50


def paginate(request, items, *, per_page: int = PER_PAGE) -> Page:
    """The page asked for in ``?page=``. A number that is not one gives the first page
    and one past the end the last, never an error: such links come from bookmarks made
    when the list was longer."""
    asked = request.GET.get("page", "")
    if asked in ("", "1"):
        # The first page is read with one row more than it shows: when everything fits
        # (a family's applications, nearly always) those rows are the whole list and
        # no COUNT query is needed.
        head = list(items[: per_page + 1])
        if len(head) <= per_page:
            return _with_links(Paginator(head, per_page).page(1))
    paginator = Paginator(items, per_page)
    return _with_links(paginator.get_page(asked))


def _with_links(page: Page) -> Page:
    # Links to the first, the last and two either side of this one: a list of hundreds
    # of pages stays one line.
    page.links = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page
