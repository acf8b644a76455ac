"""A feed import always ends: rows with prices that are not finite numbers, or too short
for the header, are reported by line and field; the good rows still land."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.marketplace.conftest import vendor
from tests.marketplace.test_payments_and_imports import wait_for_import

IMPORTS = "/api/v1/vendor/marketplace/imports"


def test_non_finite_prices_and_short_rows_are_row_errors(client: TestClient) -> None:
    acme = vendor(client, "acme")
    feed = (
        "sku,name,description,price,stock,location\n"
        "ACME-CUP,Cup,,4.50,10,main\n"
        "ACME-NAN,Nan,,NaN,1,main\n"
        "ACME-INF,Inf,,Infinity,1,main\n"
        "ACME-BIG,Big,,1e999999,1,main\n"
        "ACME-SNAN,Snan,,sNaN,1,main\n"
        "ACME-SHORT,Short\n"
        "ACME-RICH,Rich,,99999999999,1,main\n"
        "ACME-HEAP,Heap,,1.00,99999999999999999999999,main\n"
    )
    started = acme.post(IMPORTS, json={"csv": feed})
    assert started.status_code == 202
    done = wait_for_import(acme, started.json()["id"])

    assert done["status"] == "partial"
    assert (done["rows_total"], done["rows_imported"]) == (8, 1)
    errors = done["errors"]
    assert isinstance(errors, list)
    assert errors[:4] == [
        "line 3: price 'NaN' is not a number",
        "line 4: price 'Infinity' is not a number",
        "line 5: price '1e999999' is not a number",
        "line 6: price 'sNaN' is not a number",
    ]
    assert errors[4] == "line 7: price is missing (the row has fewer fields than the header)"
    assert errors[5].startswith("line 8: price_cents: Input should be less than or equal to")
    assert errors[6].startswith("line 9: stock: Input should be less than or equal to")
    skus = {p["sku"] for p in acme.get("/api/v1/storefront/catalog/products").json()}
    assert "ACME-CUP" in skus
    assert not skus & {"ACME-NAN", "ACME-INF", "ACME-BIG", "ACME-SHORT", "ACME-RICH"}


def test_a_feed_of_only_bad_rows_fails_rather_than_stays_queued(client: TestClient) -> None:
    acme = vendor(client, "acme")
    feed = "sku,name,description,price,stock,location\nACME-NAN,Nan,,nan,1,main\nACME-X\n"
    done = wait_for_import(acme, acme.post(IMPORTS, json={"csv": feed}).json()["id"])

    assert done["status"] == "failed"
    assert done["errors"] == [
        "line 2: price 'nan' is not a number",
        "line 3: name is missing (the row has fewer fields than the header)",
    ]
