"""What the tests of the lists at two sizes share: the queries a page costs (the fixture
``small_pages``, pages of 5 rows, is in tests/web/conftest.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries(client, url, params=None):
    """The number of queries a page costs, and its HTML (the page must answer)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()
