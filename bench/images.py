"""Benchmark: turn a 12-megapixel JPEG into every rendition, on one core.

    .venv/bin/python bench/images.py [--runs 5]

Draws a photo-like 4000 x 3000 picture (smooth colour fields, texture, hard-edged shapes and sensor
grain, so it compresses like a photo rather than a flat colour), saves it as a camera would (JPEG,
quality 92), then times the pipeline exactly as an upload runs it: the upload checks (including the
decode that finds truncated files), then decoding, orientation, the clean master and the AVIF, WebP
and JPEG renditions. The process is pinned to one CPU and every encoder runs single-threaded.
Storage writes are not included.

Two clocks are reported: CPU time (what one core spends on one image; the target is judged on it,
because it does not change when other programs share the machine) and wall time (which does).

Targets (issue 4): under 1.5 s per image, and the 960 px WebP at most 15 % of the original's bytes.
Exits with status 1 if a target is missed. Results are also written to bench/out/images.json.
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from PIL import Image, ImageChops, ImageDraw, ImageFilter  # noqa: E402

from articles.images import check_image_bytes, process  # noqa: E402

TARGET_SECONDS = 1.5
TARGET_WEBP_SHARE = 0.15


def photo_like(size=(4000, 3000), seed=2024) -> Image.Image:
    """A deterministic picture with a photo's statistics: gradients, texture, edges and grain."""
    rnd = random.Random(seed)
    width, height = size
    sky = Image.linear_gradient("L").resize(size)
    texture = Image.effect_noise((500, 375), 50).resize(size, Image.Resampling.BICUBIC)
    detail = Image.effect_noise((2000, 1500), 30).resize(size, Image.Resampling.BILINEAR)
    structure = ImageChops.add(texture, detail, 2, -128)
    channels = []
    for top, bottom in ((90, 200), (120, 170), (170, 90)):
        ramp = sky.point(lambda v, top=top, bottom=bottom: top + (bottom - top) * v // 255)
        blotches = Image.effect_noise((16, 12), 40).resize(size, Image.Resampling.BICUBIC)
        channels.append(ImageChops.add(Image.blend(ramp, blotches, 0.35), structure, 1, -96))
    picture = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(picture)
    for _ in range(40):
        x, y, r = rnd.randrange(width), rnd.randrange(height), rnd.randrange(40, 500)
        colour = tuple(rnd.randrange(40, 220) for _ in range(3))
        shape = draw.ellipse if rnd.random() < 0.5 else draw.rectangle
        shape([x - r, y - r // 2, x + r, y + r], fill=colour)
    picture = picture.filter(ImageFilter.GaussianBlur(1.5))
    grain = Image.effect_noise(size, 6)
    return ImageChops.add(picture, Image.merge("RGB", [grain] * 3), 1, -128)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs after one warm-up (default 5)")
    args = parser.parse_args()

    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})

    out = io.BytesIO()
    photo_like().save(out, "JPEG", quality=92)
    original = out.getvalue()

    check_image_bytes(original)
    result = process(original)  # warm-up (loads codecs)
    checks, pipelines, walls = [], [], []
    for _ in range(args.runs):
        wall, start = time.perf_counter(), time.process_time()
        check_image_bytes(original)
        checked = time.process_time()
        result = process(original)
        done = time.process_time()
        walls.append(time.perf_counter() - wall)
        checks.append(checked - start)
        pipelines.append(done - checked)
    totals = [a + b for a, b in zip(checks, pipelines, strict=True)]

    webp_960 = next(r for r in result.renditions if r.kind == "webp" and r.width == 960)
    share = len(webp_960.data) / len(original)
    median = statistics.median(totals)
    report = {
        "image": {"width": result.width, "height": result.height, "bytes": len(original)},
        "cpu": cpu,
        "runs": args.runs,
        "cpu_seconds_per_image": {
            "median": round(median, 3),
            "min": round(min(totals), 3),
            "checks_median": round(statistics.median(checks), 3),
            "processing_median": round(statistics.median(pipelines), 3),
        },
        "wall_seconds_per_image": {"median": round(statistics.median(walls), 3), "min": round(min(walls), 3)},
        "load_average": os.getloadavg()[0],
        "master_bytes": len(result.master.data),
        "renditions": [
            {"format": r.kind, "width": r.width, "height": r.height, "bytes": len(r.data)}
            for r in result.renditions
        ],
        "webp_960_bytes": len(webp_960.data),
        "webp_960_share_of_original": round(share, 4),
        "targets": {"seconds_per_image": TARGET_SECONDS, "webp_960_share": TARGET_WEBP_SHARE},
    }

    print(
        f"12 MP JPEG: {result.width} x {result.height}, {len(original):,} bytes (quality 92), "
        f"pinned to CPU #{cpu}"
    )
    print(
        f"CPU time per image, median of {args.runs}: {median:.3f} s "
        f"(checks {statistics.median(checks):.3f} s + processing {statistics.median(pipelines):.3f} s; "
        f"fastest {min(totals):.3f} s)"
    )
    print(
        f"Wall time per image: median {statistics.median(walls):.3f} s, fastest {min(walls):.3f} s "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )
    print(f"Clean master: {len(result.master.data):,} bytes")
    for r in result.renditions:
        size = len(r.data)
        print(f"  {r.kind:4} {r.width:5} x {r.height:<5} {size:>9,} bytes  {size / len(original):6.2%}")
    print(f"960 px WebP: {len(webp_960.data):,} bytes = {share:.2%} of the original")
    ok_time, ok_size = median < TARGET_SECONDS, share <= TARGET_WEBP_SHARE
    print(f"Target < {TARGET_SECONDS} s of one core per image: {'met' if ok_time else 'MISSED'}")
    print(f"Target 960 px WebP <= {TARGET_WEBP_SHARE:.0%} of original: {'met' if ok_size else 'MISSED'}")

    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "images.json").write_text(json.dumps(report, indent=2) + "\n")
    return 0 if ok_time and ok_size else 1


if __name__ == "__main__":
    sys.exit(main())
