from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """`?page=N&page_size=N` (at most 500), as the API contract says."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
