"""A document camera's frame → the page on it: found, cropped and made upright.

A 高拍仪 looks down at the desk; the paper is lighter than what lies around it. We look for
that light region on a small copy of the frame, check that it really is one four-cornered
sheet (not a bright lamp spot, a textured desk or paper filling the whole view), find its
four corners and undo the perspective on the full-size frame. When no sheet is found the
frame is kept whole: a page we cannot crop is better than a page we crop wrong.

numpy + Pillow only (no OpenCV): the light/dark split is Otsu's threshold, the sheet is the
connected light region around the middle (a union-find over row runs), its corners the extreme
points of the region along the best of a fan of diagonal directions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

WORK_EDGE = 480  # the long edge the search runs on: quick, and ±1 px ≈ ±0.2 % of the page
# A sheet covers at least this share of the frame: a smaller light patch is a reflection,
# a business card or a lamp, not the page being captured.
MIN_SHEET_SHARE = 0.08
# …and leaves at least this much of the frame around it: paper filling the view has no
# edges to find, and cropping it would only cut text off.
MAX_SHEET_SHARE = 0.97
# The light region fills its four-cornered outline nearly completely when it is a sheet; a
# blotchy desk or a hand over the page does not.
MIN_QUAD_FILL = 0.90
# The sheet must stand out: this many grey levels between it and the desk.
MIN_CONTRAST = 40.0
# Edges shorter than this share of the frame's long edge mean a degenerate corner set.
MIN_EDGE_SHARE = 0.15
FAN_STEPS = 18  # directions tried for the corners, across 90°


@dataclass(frozen=True)
class Capture:
    """The page cut from a frame; `corners` are in the frame's pixels (TL, TR, BR, BL), or
    None when the frame was kept whole (and `why` says why)."""

    page: Image.Image
    corners: tuple[tuple[float, float], ...] | None
    why: str = ""

    @property
    def cropped(self) -> bool:
        return self.corners is not None


def _otsu(gray: np.ndarray) -> tuple[float, float]:
    """Otsu's threshold of an 8-bit image and the gap between the two classes' means."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256, dtype=np.float64)
    weight0 = np.cumsum(hist)
    weight1 = total - weight0
    sum0 = np.cumsum(hist * levels)
    mean0 = sum0 / np.maximum(weight0, 1)
    mean1 = (sum0[-1] - sum0) / np.maximum(weight1, 1)
    between = weight0 * weight1 * (mean0 - mean1) ** 2
    level = int(np.argmax(between))
    return float(level), float(mean1[level] - mean0[level])


def _runs(mask: np.ndarray) -> list[tuple[int, int, int]]:
    """Horizontal runs of True in each row: (row, first column, one past the last)."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)
    starts_r, starts_c = np.nonzero(edges == 1)
    _, ends_c = np.nonzero(edges == -1)
    return list(zip(starts_r.tolist(), starts_c.tolist(), ends_c.tolist(), strict=True))


def _components(mask: np.ndarray) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Connected regions (4-neighbours) of a mask, as runs and each run's region label: a
    union-find over runs, thousands of them, rather than a Python loop over every pixel."""
    runs = _runs(mask)
    parent = list(range(len(runs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    previous: list[int] = []  # runs of the row above
    current: list[int] = []
    row = -1
    for index, (r, start, end) in enumerate(runs):
        if r != row:
            previous = current if r == row + 1 else []
            current, row = [], r
        for other in previous:
            _, o_start, o_end = runs[other]
            if o_start < end and start < o_end:
                parent[root(other)] = root(index)
        current.append(index)
    return runs, [root(i) for i in range(len(runs))]


def _paint(shape: tuple[int, ...], runs: list[tuple[int, int, int]], labels: list[int],
           wanted: set[int]) -> np.ndarray:
    out = np.zeros(shape, dtype=bool)
    for (r, start, end), label in zip(runs, labels, strict=True):
        if label in wanted:
            out[r, start:end] = True
    return out


def _sheet_mask(small: Image.Image) -> tuple[np.ndarray, float] | None:
    """The connected light region nearest the middle of the frame, as a boolean mask."""
    gray = ImageOps.grayscale(small).filter(ImageFilter.MedianFilter(5))
    pixels = np.asarray(gray, dtype=np.uint8)
    level, contrast = _otsu(pixels)
    light = Image.fromarray(np.where(pixels > level, 255, 0).astype(np.uint8))
    # Open then close: print on the page and grain on the desk must not split or join regions.
    light = light.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.MaxFilter(3))
    light = light.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.MinFilter(5))
    region = np.asarray(light) > 0
    core = np.asarray(light.filter(ImageFilter.MinFilter(9))) > 0
    if not core.any():
        return None
    ys, xs = np.nonzero(core)
    h, w = core.shape
    nearest = int(np.argmin((xs - w / 2) ** 2 + (ys - h / 2) ** 2))
    seed_y, seed_x = int(ys[nearest]), int(xs[nearest])
    runs, labels = _components(region)
    seed = next(label for (r, start, end), label in zip(runs, labels, strict=True)
                if r == seed_y and start <= seed_x < end)
    mask = _paint(region.shape, runs, labels, {seed})
    # Holes (a dark photo or table on the page) belong to the sheet: whatever dark region
    # does not reach the frame's border is inside it.
    runs, labels = _components(~mask)
    outside = {label for (r, start, end), label in zip(runs, labels, strict=True)
               if r in (0, h - 1) or start == 0 or end == w}
    filled = ~_paint(mask.shape, runs, labels, outside)
    return filled, contrast


def _corners(mask: np.ndarray) -> np.ndarray:
    """Four corners of the region, TL TR BR BL: the extreme points along two perpendicular
    diagonals, choosing from a fan of rotations the set that encloses the largest area."""
    ys, xs = np.nonzero(mask)
    points = np.stack([xs, ys], axis=1).astype(np.float64)
    best: np.ndarray | None = None
    best_area = -1.0
    for step in range(FAN_STEPS):
        angle = math.pi / 2 * step / FAN_STEPS
        u = np.array([math.cos(angle + math.pi / 4), math.sin(angle + math.pi / 4)])
        v = np.array([-u[1], u[0]])
        along_u, along_v = points @ u, points @ v
        quad = points[[int(np.argmin(along_u)), int(np.argmax(along_v)),
                       int(np.argmax(along_u)), int(np.argmin(along_v))]]
        area = _area(quad)
        if area > best_area:
            best, best_area = quad, area
    assert best is not None
    return _clockwise_from_top_left(best)


def _refine(mask: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Straight edges, not rounded corners: fit a line to the region's outline along the
    middle of each side and intersect neighbouring lines (the extreme points alone sit a few
    pixels inside a corner the smoothing rounded off)."""
    eroded = np.asarray(Image.fromarray(mask.astype(np.uint8) * 255)
                        .filter(ImageFilter.MinFilter(3))) > 0
    ys, xs = np.nonzero(mask & ~eroded)
    outline = np.stack([xs, ys], axis=1).astype(np.float64) + 0.5
    lines: list[tuple[np.ndarray, float]] = []
    for start, end in zip(quad, np.roll(quad, -1, axis=0), strict=True):
        along = end - start
        length = float(np.linalg.norm(along))
        unit = along / length
        normal = np.array([-unit[1], unit[0]])
        rel = outline - start
        t = rel @ unit / length
        d = rel @ normal
        near = (t > 0.1) & (t < 0.9) & (np.abs(d) < max(3.0, 0.03 * length))
        if np.count_nonzero(near) < 10:
            return quad
        points = outline[near]
        centre = points.mean(axis=0)
        _, _, vt = np.linalg.svd(points - centre)
        direction = vt[0]
        line_normal = np.array([-direction[1], direction[0]])
        if line_normal @ (centre - quad.mean(axis=0)) < 0:
            line_normal = -line_normal  # pointing out of the sheet
        # The outline pixels lie inside the sheet; its edge is half a pixel further out.
        lines.append((line_normal, float(line_normal @ centre) + 0.5))
    corners = []
    for (n1, c1), (n2, c2) in zip(np.roll(np.array(lines, dtype=object), 1, axis=0), lines,
                                  strict=True):
        matrix = np.array([n1, n2], dtype=np.float64)
        if abs(np.linalg.det(matrix)) < 1e-6:
            return quad
        corners.append(np.linalg.solve(matrix, np.array([c1, c2], dtype=np.float64)))
    return np.array(corners)


def _area(quad: np.ndarray) -> float:
    x, y = quad[:, 0], quad[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def _clockwise_from_top_left(quad: np.ndarray) -> np.ndarray:
    """Order corners clockwise (on screen) starting with the one that becomes top-left: the
    page is assumed less than 45° off upright, as it lies under a document camera."""
    centre = quad.mean(axis=0)
    order = np.argsort(np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0]))
    ring = quad[order]  # clockwise on screen (y grows downwards), starting anywhere
    # Top-left is the corner whose direction from the centre is nearest to up-left (-135°).
    angles = np.arctan2(ring[:, 1] - centre[1], ring[:, 0] - centre[0])
    start = int(np.argmin(np.abs(np.angle(np.exp(1j * (angles + 3 * math.pi / 4))))))
    return np.roll(ring, -start, axis=0)


def _fill_ratio(mask: np.ndarray, quad: np.ndarray) -> float:
    outline = Image.new("L", (mask.shape[1], mask.shape[0]), 0)
    ImageDraw.Draw(outline).polygon([tuple(p) for p in quad.tolist()], fill=1)
    inside = np.asarray(outline).astype(bool)
    union = np.count_nonzero(inside | mask)
    return np.count_nonzero(inside & mask) / union if union else 0.0


def find_sheet(frame: Image.Image) -> tuple[np.ndarray | None, str]:
    """The sheet's corners in frame pixels (TL, TR, BR, BL), or None and why not."""
    scale = WORK_EDGE / max(frame.size)
    small = frame.convert("RGB").resize(
        (max(1, round(frame.width * scale)), max(1, round(frame.height * scale))),
        Image.Resampling.BILINEAR)
    found = _sheet_mask(small)
    if found is None:
        return None, "nothing light enough to be paper"
    mask, contrast = found
    if contrast < MIN_CONTRAST:
        return None, f"paper and background too alike ({contrast:.0f} grey levels)"
    share = mask.mean()
    if share < MIN_SHEET_SHARE:
        return None, f"the light region is too small ({share:.0%} of the frame)"
    if share > MAX_SHEET_SHARE:
        return None, "the paper fills the whole frame"
    quad = _corners(mask)
    fill = _fill_ratio(mask, quad)
    if fill < MIN_QUAD_FILL:
        return None, f"the light region is not a sheet ({fill:.0%} four-cornered)"
    edges = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
    if edges.min() < MIN_EDGE_SHARE * max(small.size):
        return None, "the corners found make no sheet"
    return _refine(mask, quad) / scale, ""


def _perspective_coefficients(target: np.ndarray, source: np.ndarray) -> list[float]:
    """The 8 coefficients Pillow's PERSPECTIVE transform wants: they map each output pixel
    (`target` corners) back to where it is in the frame (`source` corners)."""
    rows: list[list[float]] = []
    rhs: list[float] = []
    for (x, y), (u, v) in zip(target.tolist(), source.tolist(), strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    solution = np.linalg.solve(np.array(rows), np.array(rhs))
    return [float(c) for c in solution]


def capture_page(frame: Image.Image) -> Capture:
    """The page on a camera frame, cropped and upright; the whole frame when none is found."""
    rgb = frame.convert("RGB")
    corners, why = find_sheet(rgb)
    if corners is None:
        return Capture(rgb, None, why)
    tl, tr, br, bl = corners
    width = round((np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2)
    height = round((np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float64)
    page = rgb.transform((width, height), Image.Transform.PERSPECTIVE,
                         _perspective_coefficients(target, corners),
                         Image.Resampling.BICUBIC)
    return Capture(page, tuple((float(x), float(y)) for x, y in corners))
