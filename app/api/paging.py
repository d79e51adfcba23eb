"""List endpoints answer one page at a time (flask-smorest's Page over the listed rows).

`?page=2&page_size=100`; the `X-Pagination` header tells the total, the page count and the
neighbouring pages. The default page is large enough for a whole plan's ordinary lists.
"""

from collections.abc import Callable
from typing import Any

from flask_smorest import Blueprint, Page

PAGE_SIZE = 1000
MAX_PAGE_SIZE = 10000


def paginated(blp: Blueprint) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Put below `@blp.response(200, Schema(many=True))` on a list endpoint."""
    return blp.paginate(Page, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
