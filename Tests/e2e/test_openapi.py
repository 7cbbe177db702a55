"""The API description the server serves is a valid OpenAPI 3 document (not just parseable YAML)."""
import urllib.request

import yaml
from openapi_spec_validator import validate

from conftest import HALL_URL


def test_served_openapi_document_is_valid():
    with urllib.request.urlopen(HALL_URL + "/api/v1/openapi.yaml") as response:
        assert response.status == 200
        document = yaml.safe_load(response.read().decode("utf-8"))
    validate(document)  # raises with the offending path when the document is malformed
    assert "/api/v1/tickets" in document["paths"]
