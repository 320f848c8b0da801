"""DRF's choice of renderer, remembered per Accept header.

DRF parses the Accept header and matches it against the view's renderers on every request
(a tenth of a next card's Python, docs/performance.md), though the same few headers come
again and again. The answer is the same as DRF's; a header that no renderer suits is
refused (406) each time, as before, and never remembered.
"""

from rest_framework.negotiation import DefaultContentNegotiation

REMEMBERED_AT_MOST = 500  # distinct headers (× renderer lists); beyond, new ones are worked out each time


class RememberedNegotiation(DefaultContentNegotiation):
    chosen: dict[
        tuple, tuple[int, str]
    ] = {}  # (renderer classes, Accept, format) -> (which renderer, media type)

    def select_renderer(self, request, renderers, format_suffix=None):
        requested = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        key = (tuple(map(type, renderers)), request.META.get("HTTP_ACCEPT"), requested)
        if key in self.chosen:
            position, media_type = self.chosen[key]
            return renderers[position], media_type
        renderer, media_type = super().select_renderer(request, renderers, format_suffix)
        if len(self.chosen) < REMEMBERED_AT_MOST:
            self.chosen[key] = (renderers.index(renderer), media_type)
        return renderer, media_type
