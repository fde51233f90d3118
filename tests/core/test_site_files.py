"""What browsers ask for on their own at the site's root."""

from __future__ import annotations

import struct

from django.test import Client


def test_the_favicon_answers_with_an_icon_of_the_usual_sizes(db) -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    data = b"".join(response.streaming_content)
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = {struct.unpack_from("<B", data, 6 + 16 * n)[0] for n in range(count)}
    assert {16, 32, 48} <= sizes
    # Images are PNG, which every current browser reads inside an .ico.
    offset = struct.unpack_from("<I", data, 6 + 12)[0]
    assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
