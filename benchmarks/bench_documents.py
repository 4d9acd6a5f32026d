"""Document pipeline timings against their floors. Run from the repo root:

    .venv/bin/python benchmarks/bench_documents.py

1. Importing a 12-megapixel phone JPEG against the floor (Pillow's draft-mode decode, the
   same resize and a JPEG encode, nothing else): normalise + thumbnail alone, and the whole
   import as the desk does it (read the file, normalise, thumbnail, store the original,
   rendition and thumbnail in the SQLite database with its audit row). Target ≤ 1.5×.
2. A dossier of 20 phone photos (2400 px renditions) against img2pdf on the same JPEGs.
   Target ≤ 1.5×.
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import img2pdf  # dev dependency: the benchmark's yardstick only
from PIL import Image, ImageDraw, ImageFilter

from app.documents import imaging
from app.documents.dossier import (
    DossierCover,
    DossierPage,
    DossierSection,
    build_dossier,
)

RUNS = 5
DOSSIER_RUNS = 15  # a dossier takes ~20 ms: more samples to steady the median


def phone_photo(size: tuple[int, int], seed: int) -> Image.Image:
    """Shapes, gradients and sensor noise: compresses like a real phone photo
    (about 0.25 byte/px at quality 85-92: 3-4 MB for 12 MP, ~1 MB for a 2400 px one)."""
    rnd = random.Random(seed)
    width, height = size
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(im)
    for _ in range(120):
        x, y = rnd.randrange(width), rnd.randrange(height)
        w, h = rnd.randrange(20, width // 4), rnd.randrange(20, height // 4)
        colour = tuple(rnd.randrange(256) for _ in range(3))
        if rnd.random() < 0.5:
            draw.ellipse((x, y, x + w, y + h), fill=colour)
        else:
            draw.rectangle((x, y, x + w, y + h), outline=colour, width=rnd.randrange(1, 12))
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.merge("RGB", [Image.effect_noise(size, 40) for _ in range(3)])
    return Image.blend(im, noise, 0.18)


def median_time(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor_import(data: bytes) -> bytes:
    """The least any import must do: draft decode, resize to 2400, encode."""
    with Image.open(io.BytesIO(data)) as im:
        size = imaging._fit(im.size, imaging.MAX_LONG_EDGE)
        im.draft("RGB", size)
        small = im.resize(size, imaging._RESAMPLE, reducing_gap=imaging._REDUCING_GAP)
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=imaging.JPEG_QUALITY)
    return buf.getvalue()


def report(name: str, ours: float, floor: float, floor_name: str) -> bool:
    ratio = ours / floor
    ok = ratio <= 1.5
    print(f"{name}: {ours * 1000:.0f} ms vs {floor_name} {floor * 1000:.0f} ms "
          f"= {ratio:.2f}x (target <= 1.5x) {'OK' if ok else 'OVER'}")
    return ok


_DESK: dict[str, object] = {}


def _import_and_store(folder: Path, photo: Path) -> float:
    """Seconds for the desk's whole import of one photo into a case. The previous run's copy
    is removed first, untimed, so that dedup does not skip the file."""
    from sqlalchemy import delete

    from app.services.cases import create_case
    from app.services.demo import ensure_staff
    from app.services.documents import add_document, import_files
    from app.services.users import initialise
    from app.store.db import Database
    from app.store.models import Blob, Document, DocumentPage
    from tests.conftest import married_case

    if "db" not in _DESK:
        fresh = Database(f"sqlite:///{folder / 'desk.sqlite3'}")
        initialise(fresh)
        ensure_staff(fresh)
        _DESK["db"], _DESK["number"] = fresh, create_case(fresh, "wang.fang", married_case())
    db, number = _DESK["db"], str(_DESK["number"])
    assert isinstance(db, Database)
    with db.transaction() as session:
        for table in (DocumentPage, Document, Blob):
            session.execute(delete(table))
    start = time.perf_counter()
    files, rejected = import_files([photo])
    add_document(db, "wang.fang", number, "residence_proof", files)
    elapsed = time.perf_counter() - start
    assert not rejected
    return elapsed


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = folder / "IMG_12MP.jpg"
        phone_photo((4000, 3000), 0).save(big, quality=92)
        photos = []
        for n in range(20):
            path = folder / f"photo_{n:02}.jpg"
            phone_photo((2400, 1800) if n % 3 else (1800, 2400), n + 1).save(path, quality=85)
            photos.append(path)

        data = big.read_bytes()
        print(f"12 MP JPEG: {len(data) / 1e6:.1f} MB; 20 photos: "
              f"{sum(p.stat().st_size for p in photos) / 1e6:.1f} MB")
        floor_import(data)  # warm both up (plugin loading, font lookups)
        imaging.import_file(big.name, data)
        floor = median_time(lambda: floor_import(data))
        ours = median_time(lambda: imaging.import_file(big.name, data))
        ok = report("import 12 MP JPEG", ours, floor, "floor (draft+resize+encode)")
        stored = statistics.median(_import_and_store(folder, big) for _ in range(RUNS))
        ok &= report("import + store 12 MP JPEG", stored, floor,
                     "floor (draft+resize+encode)")

        jpegs = [p.read_bytes() for p in photos]
        cover = DossierCover("个人汽车贷款资料", "LD-BENCH", (("客户", "张三"),),
                             (("身份证", "齐全", ""),), datetime(2026, 1, 1), "bench")
        sections = [DossierSection(f"照片 {n}", (DossierPage(jpeg=j),))
                    for n, j in enumerate(jpegs)]
        build_dossier(cover, sections)
        img2pdf.convert(jpegs)
        baseline = median_time(lambda: img2pdf.convert(jpegs), DOSSIER_RUNS)
        ours = median_time(lambda: build_dossier(cover, sections), DOSSIER_RUNS)
        ok &= report("dossier of 20 photos", ours, baseline, "img2pdf")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
