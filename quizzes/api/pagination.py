from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 500

# The query parameters of every paginated list, as the schema shows them.
PAGINATION_PARAMETERS = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        description="A page number from 1; a page past the last is a 404.",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1},
        description=f"Results per page (default 50); more than {MAX_PAGE_SIZE} gives {MAX_PAGE_SIZE}.",
    ),
]


class StandardPagination(PageNumberPagination):
    """`?page=N&page_size=N` (at most 500), as the API contract says.

    DRF quietly ignores a page size that is not a number; here it is a 400 naming the
    parameter, so a client's typo does not pass for the default.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_number(self, request, paginator):
        """DRF reads `?page=` (empty) as page 1; here it is an invalid page (404) like `?page=x`."""
        number = request.query_params.get(self.page_query_param)
        if number is None:
            return 1
        if number in self.last_page_strings:
            return paginator.num_pages
        return number

    def get_page_size(self, request):
        wanted = request.query_params.get(self.page_size_query_param)
        if wanted is None:
            return self.page_size
        significant = wanted.lstrip("0")
        if not (wanted.isascii() and wanted.isdigit() and significant):
            raise ValidationError({"page_size": ["A whole number of results per page, from 1."]})
        # Compared by length first: int() refuses strings of thousands of digits.
        if len(significant) > len(str(self.max_page_size)):
            return self.max_page_size
        return min(int(significant), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": parameter.name,
                "required": False,
                "in": "query",
                "description": parameter.description,
                "schema": parameter.type,
            }
            for parameter in PAGINATION_PARAMETERS
        ]


def requested_page(request) -> int:
    """`?page=` of a list paginated by hand (two lists at once): a whole number from 1, else a
    404, as for every other list."""
    number = request.query_params.get("page", "1")
    if not (number.isascii() and number.isdigit()) or len(number) > 9 or int(number) < 1:
        raise NotFound("Invalid page.")
    return int(number)
