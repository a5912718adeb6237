#!/usr/bin/env python3
"""The web app manifest's PNG icons, drawn from the shapes of web/favicon.svg (a blue 7 on a dark
rounded tile) with the standard library only: 4 x 4 samples per pixel, written as RGBA PNGs.
Usage: make_icons.py OUTPUT_DIR SIZE..."""
import math
import os
import struct
import sys
import zlib

TILE, INK = (0x22, 0x25, 0x2C), (0x4F, 0x8F, 0xF7)
RADIUS = 6.0                                    # the tile's corner, in the SVG's 32-unit box
STROKE = [(9.0, 9.5), (23.0, 9.5), (14.5, 24.5)]  # the 7's path
HALF_WIDTH = 1.6                                # stroke-width 3.2, round caps and joins


def in_tile(x, y):
    cx, cy = min(max(x, RADIUS), 32 - RADIUS), min(max(y, RADIUS), 32 - RADIUS)
    return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2


def on_stroke(x, y):
    for (ax, ay), (bx, by) in zip(STROKE, STROKE[1:]):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        if math.hypot(x - ax - t * dx, y - ay - t * dy) <= HALF_WIDTH:
            return True
    return False


def icon(size):
    rows = []
    n = 4
    for py in range(size):
        row = bytearray([0])  # PNG filter: none
        for px in range(size):
            tile = ink = 0
            for sy in range(n):
                for sx in range(n):
                    x, y = (px + (sx + 0.5) / n) * 32 / size, (py + (sy + 0.5) / n) * 32 / size
                    if in_tile(x, y):
                        tile += 1
                        ink += on_stroke(x, y)
            alpha = tile / (n * n)
            mix = ink / tile if tile else 0.0
            row += bytes(round(t + (i - t) * mix) for t, i in zip(TILE, INK)) + bytes([round(255 * alpha)])
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) +
            chunk(b"IEND", b""))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for size in map(int, sys.argv[2:]):
        path = os.path.join(out, f"icon-{size}.png")
        with open(path + ".tmp", "wb") as f:
            f.write(icon(size))
        os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
