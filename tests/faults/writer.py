"""A child process that saves cases or imports document batches until it is killed.

    python -m tests.faults.writer DB_URL cases|documents
"""

from __future__ import annotations

import io
import os
import random
import sys

from PIL import Image

from app.documents.imaging import import_file
from app.services.cases import create_case, update_case
from app.services.demo import LENDERS, case_json
from app.services.documents import add_document
from tests.conftest import CONSULTANT


def photo() -> bytes:
    # Fresh random pixels each time: identical photos would be recognised as duplicates.
    image = Image.frombytes("L", (600, 400), os.urandom(600 * 400)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def main(url: str, mode: str) -> None:
    from app.store.db import Database

    db = Database(url)
    rng = random.Random()
    number = create_case(db, CONSULTANT, case_json(rng, LENDERS[0]))
    print("ready", flush=True)
    while True:
        if mode == "cases":
            number = create_case(db, CONSULTANT, case_json(rng, LENDERS[0]))
            update_case(db, CONSULTANT, number, {"customer.address": f"{rng.random()}"})
        else:
            files = [import_file(f"p{i}.jpg", photo()) for i in range(3)]
            add_document(db, CONSULTANT, number, "bank_statement", files,
                         content={"bank": "中国银行", "account_tail": "1234"})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
