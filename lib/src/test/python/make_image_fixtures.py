#!/usr/bin/python3
"""Writes the image fixtures of RgbImageFixturesTest into lib/src/test/resources/images/.

An independent writer (Pillow, plus a tiny PNG encoder in plain Python for the 16-bit colour
types Pillow cannot write) makes one small image per supported type, and expected.json records
the sample values each file holds as Pillow reads them back (for JPEG: as libjpeg decodes it),
with the scale they are out of (255 or 65535). The Java reader must return value / scale exactly
(JPEG colour: within 1/255, since decoders may round YCbCr->RGB differently).

    /usr/bin/python3 lib/src/test/python/make_image_fixtures.py      # Debian: apt-get install python3-pil
"""
import json
import os
import struct
import zlib

from PIL import Image, __version__ as pil_version

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "images")
W, H = 16, 16  # two 8x8 JPEG blocks each way


def grey_value(x, y):
    # 8x8 blocks of constant value (so a quality-100 JPEG decodes exactly), 128 among them
    return [0, 128, 200, 255][(x // 8) + 2 * (y // 8)]


def colour_value(x, y):
    return [(128, 128, 128), (255, 0, 0), (0, 128, 255), (10, 200, 60)][(x // 8) + 2 * (y // 8)]


def png_chunk(kind, data):
    c = kind + data
    return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)


def write_png(path, width, height, bit_depth, colour_type, rows):
    """rows: list of bytes objects (unfiltered scanlines)."""
    raw = b"".join(b"\x00" + r for r in rows)
    data = b"\x89PNG\r\n\x1a\n"
    data += png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0))
    data += png_chunk(b"IDAT", zlib.compress(raw, 9))
    data += png_chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def expected_of(path, mode, scale):
    im = Image.open(path)
    im.load()
    if mode == "RGB16":  # read back our own 16-bit RGB PNG: Pillow decodes it to 8 bits, so parse it here
        return None
    if im.mode in ("I;16", "I;16B", "I"):
        vals = [[v, v, v] for v in im.getdata()]
    elif im.mode == "P":
        vals = [list(v) for v in im.convert("RGBA").getdata()]
        vals = [v[:3] for v in vals]
    elif im.mode in ("L", "1"):
        vals = [[v, v, v] for v in im.convert("L").getdata()]
    elif im.mode == "LA":
        vals = [[v[0]] * 3 for v in im.getdata()]
    else:
        vals = [list(v)[:3] for v in im.convert("RGB" if im.mode != "RGBA" else "RGBA").getdata()]
    return vals


def main():
    os.makedirs(OUT, exist_ok=True)
    entries = []

    def add(name, scale, values, tolerance=0, note=""):
        entries.append({"file": name, "width": W, "height": H, "scale": scale, "tolerance": tolerance,
                        "note": note, "rgb": values})

    coords = [(x, y) for y in range(H) for x in range(W)]
    # 8-bit grey
    g = Image.new("L", (W, H))
    g.putdata([grey_value(x, y) for x, y in coords])
    g.save(os.path.join(OUT, "grey8.png"))
    add("grey8.png", 255, expected_of(os.path.join(OUT, "grey8.png"), "L", 255), note="PNG colour type 0, 8 bits")
    # 16-bit grey: values spread over the 16-bit range, including 32896 (= 128 * 257)
    g16vals = [min(65535, grey_value(x, y) * 257 + (x % 3)) for x, y in coords]
    g16 = Image.new("I;16", (W, H))
    g16.putdata(g16vals)
    g16.save(os.path.join(OUT, "grey16.png"))
    add("grey16.png", 65535, expected_of(os.path.join(OUT, "grey16.png"), "I;16", 65535),
        note="PNG colour type 0, 16 bits")
    # grey + alpha, opaque
    la = Image.new("LA", (W, H))
    la.putdata([(grey_value(x, y), 255) for x, y in coords])
    la.save(os.path.join(OUT, "grey_alpha.png"))
    add("grey_alpha.png", 255, expected_of(os.path.join(OUT, "grey_alpha.png"), "LA", 255),
        note="PNG colour type 4, 8 bits, opaque")
    # 8-bit RGB
    rgb = Image.new("RGB", (W, H))
    rgb.putdata([colour_value(x, y) for x, y in coords])
    rgb.save(os.path.join(OUT, "rgb8.png"))
    add("rgb8.png", 255, expected_of(os.path.join(OUT, "rgb8.png"), "RGB", 255), note="PNG colour type 2, 8 bits")
    # 16-bit RGB (Pillow cannot write it: a plain-Python PNG encoder)
    rgb16 = [[min(65535, c * 257 + (x % 5)) for c in colour_value(x, y)] for x, y in coords]
    rows = []
    for y in range(H):
        rows.append(b"".join(struct.pack(">HHH", *rgb16[y * W + x]) for x in range(W)))
    write_png(os.path.join(OUT, "rgb16.png"), W, H, 16, 2, rows)
    add("rgb16.png", 65535, rgb16, note="PNG colour type 2, 16 bits (written by a plain-Python encoder)")
    # 16-bit RGBA, opaque
    rows = []
    for y in range(H):
        rows.append(b"".join(struct.pack(">HHHH", *rgb16[y * W + x], 65535) for x in range(W)))
    write_png(os.path.join(OUT, "rgba16.png"), W, H, 16, 6, rows)
    add("rgba16.png", 65535, rgb16, note="PNG colour type 6, 16 bits, opaque (plain-Python encoder)")
    # 8-bit RGBA, opaque
    rgba = Image.new("RGBA", (W, H))
    rgba.putdata([colour_value(x, y) + (255,) for x, y in coords])
    rgba.save(os.path.join(OUT, "rgba8.png"))
    add("rgba8.png", 255, expected_of(os.path.join(OUT, "rgba8.png"), "RGBA", 255), note="PNG colour type 6, 8 bits, opaque")
    # palette
    pal = rgb.quantize(colors=4)
    pal.save(os.path.join(OUT, "palette.png"))
    add("palette.png", 255, expected_of(os.path.join(OUT, "palette.png"), "P", 255), note="PNG colour type 3")
    # 1-bit grey
    bw = Image.new("1", (W, H))
    bw.putdata([255 if grey_value(x, y) >= 128 else 0 for x, y in coords])
    bw.save(os.path.join(OUT, "grey1.png"))
    add("grey1.png", 255, expected_of(os.path.join(OUT, "grey1.png"), "1", 255), note="PNG colour type 0, 1 bit")
    # grey JPEG, quality 100: constant 8x8 blocks decode exactly
    g.save(os.path.join(OUT, "grey.jpg"), quality=100)
    add("grey.jpg", 255, expected_of(os.path.join(OUT, "grey.jpg"), "L", 255), note="JPEG, 1 component")
    # colour JPEG, quality 100, no chroma subsampling
    rgb.save(os.path.join(OUT, "rgb.jpg"), quality=100, subsampling=0)
    add("rgb.jpg", 255, expected_of(os.path.join(OUT, "rgb.jpg"), "RGB", 255), tolerance=1,
        note="JPEG, YCbCr 4:4:4; decoders may round the colour conversion differently")

    # files that must be refused
    refused = []
    t = Image.new("RGBA", (W, H), (10, 20, 30, 255))
    t.putpixel((5, 3), (10, 20, 30, 0))
    t.save(os.path.join(OUT, "transparent_rgba.png"))
    refused.append({"file": "transparent_rgba.png", "message": "x=5, y=3"})
    la_t = Image.new("LA", (W, H), (100, 255))
    la_t.putpixel((2, 7), (100, 17))
    la_t.save(os.path.join(OUT, "transparent_grey_alpha.png"))
    refused.append({"file": "transparent_grey_alpha.png", "message": "x=2, y=7"})
    # a 30000 x 30000 header over a tiny, incomplete IDAT: refused before any decoding
    side = 30000
    data = b"\x89PNG\r\n\x1a\n"
    data += png_chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
    data += png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
    data += png_chunk(b"IEND", b"")
    with open(os.path.join(OUT, "huge_30000x30000.png"), "wb") as f:
        f.write(data)
    refused.append({"file": "huge_30000x30000.png", "message": "30000x30000"})

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        # one line per image: the sample values are a flat list of [r, g, b] per pixel, row-major
        f.write('{"generator": "lib/src/test/python/make_image_fixtures.py", "pillow": "%s",\n' % pil_version)
        f.write(' "images": [\n  ' + ",\n  ".join(json.dumps(e, separators=(",", ":")) for e in entries) + "],\n")
        f.write(' "refused": [\n  ' + ",\n  ".join(json.dumps(e) for e in refused) + "]}\n")


if __name__ == "__main__":
    main()
