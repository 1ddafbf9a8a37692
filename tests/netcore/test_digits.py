"""A user's picture of a digit becomes an MNIST-style 28x28 digit the network reads like MNIST's own.

Real MNIST test digits are re-rendered the ways users make pictures (big, inverted, JPEG,
transparent, lost in a large canvas, photographed on paper in uneven light, drawn with a thin
brush on a big canvas: see tests/netcore/user_pictures.py) and must come back as nearly the original
digit, which the trained network then reads as well as it reads MNIST's own.
"""

import json
import struct
import subprocess
import sys
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from netcore import bundle, cli, digits, strokes
from netcore.errors import ImageError
from tests.netcore import user_pictures

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def net():
    return bundle.load(bundle.DEFAULT_DIR).network


@pytest.fixture(scope="module")
def samples(data, net):
    """(image, label) for the first correctly classified test digit of each class 0..9."""
    right = net.predict(data.test.inputs) == data.test.labels
    picks = [int(np.flatnonzero(right & (data.test.labels == d))[0]) for d in range(10)]
    return [(data.test.images[i], int(data.test.labels[i])) for i in picks]


@pytest.fixture(scope="module")
def mnist_centre(data):
    """Where MNIST's own digits have their centre of mass (about pixel (14, 14))."""
    return np.mean([ndimage.center_of_mass(x.astype(float)) for x in data.test.images[:500]], axis=0)


def big(img: np.ndarray, size) -> Image.Image:
    return Image.fromarray(img).resize(size, Image.Resampling.BICUBIC)


def rgb_inverted_x10(img, path):
    """Dark ink on white, ten times the size, RGB PNG."""
    big(255 - img, (280, 280)).convert("RGB").save(path.with_suffix(".png"))
    return path.with_suffix(".png")


def grey_jpeg(img, path):
    """Light ink on black, greyscale JPEG (lossy)."""
    big(img, (112, 112)).save(path.with_suffix(".jpg"), quality=80)
    return path.with_suffix(".jpg")


def rgba_transparent(img, path):
    """Black strokes on a fully transparent background."""
    alpha = big(img, (140, 140))
    rgba = Image.new("RGBA", alpha.size, (0, 0, 0, 0))
    rgba.putalpha(alpha)
    assert rgba.getpixel((0, 0)) == (0, 0, 0, 0)
    rgba.save(path.with_suffix(".png"))
    return path.with_suffix(".png")


def off_centre(img, path):
    """A small digit in a corner of a wide, light-grey canvas: most of the picture is margin."""
    canvas = Image.new("L", (500, 300), 235)
    canvas.paste(big(255 - img, (84, 84)), (390, 15))
    canvas.save(path.with_suffix(".png"))
    return path.with_suffix(".png")


FORMS = [rgb_inverted_x10, grey_jpeg, rgba_transparent, off_centre]


def ink_box(x: np.ndarray) -> tuple[int, int]:
    rows, cols = np.flatnonzero(x.any(axis=1)), np.flatnonzero(x.any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def correlation(a, b) -> float:
    return float(np.corrcoef(a.ravel().astype(float), b.ravel().astype(float))[0, 1])


# ---------------------------------------------------------------------------- preprocessing


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.__name__)
def test_user_pictures_become_mnist_digits(samples, net, mnist_centre, tmp_path, form):
    right, correlations = 0, []
    for k, (original, label) in enumerate(samples):
        x = digits.load_digit(form(original, tmp_path / f"digit{k}"))
        assert x.dtype == np.uint8 and x.shape == (28, 28)
        assert x.max() >= 200  # full-contrast ink, like MNIST
        assert 19 <= max(ink_box(x)) <= 20 and min(ink_box(x)) >= 4  # fits the 20x20 box, largest side ~20
        com = np.array(ndimage.center_of_mass(x.astype(float)))
        assert np.all(np.abs(com - 13.5) <= 1.0), com  # centred in the field
        assert np.all(np.abs(com - mnist_centre) <= 0.6), (com, mnist_centre)  # exactly where MNIST puts it
        right += int(net.predict(x.reshape(-1) / 255.0)) == label
        correlations.append(correlation(x, original))
    assert right >= 8, f"{form.__name__}: only {right}/10 digits read correctly"
    assert min(correlations) > 0.65 and np.median(correlations) > 0.9, np.round(correlations, 3)


def test_an_mnist_digit_comes_back_unchanged(data):
    """MNIST's digits are already what the preprocessing makes: it must leave them (nearly) as they are."""
    images = data.test.images[:300]
    same = [correlation(digits.to_mnist(img / 255.0), img) for img in images]
    assert np.median(same) > 0.99 and np.mean(np.array(same) > 0.95) > 0.9


def test_aspect_ratio_is_kept(tmp_path):
    """A tall thin stroke stays tall and thin: the longest side is scaled to 20, not both."""
    img = np.full((400, 300), 255, np.uint8)
    img[50:350, 140:160] = 0  # 300 tall, 20 wide
    Image.fromarray(img).save(tmp_path / "one.png")
    x = digits.load_digit(tmp_path / "one.png")
    h, w = ink_box(x > 64)
    assert h == 20 and 1 <= w <= 3


def test_phone_photo_orientation_is_honoured(samples, tmp_path):
    """A JPEG stored sideways with an EXIF orientation tag is read the way every viewer shows it."""
    original, _ = samples[7]
    upright = big(255 - original, (140, 140))
    upright.save(tmp_path / "upright.jpg", quality=95)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    upright.transpose(Image.Transpose.ROTATE_90).save(tmp_path / "sideways.jpg", quality=95, exif=exif)
    expected = digits.load_digit(tmp_path / "upright.jpg")
    got = digits.load_digit(tmp_path / "sideways.jpg")
    assert correlation(got, expected) > 0.97


def test_sixteen_bit_greyscale_png(samples, tmp_path):
    original, _ = samples[2]
    eight = big(255 - original, (112, 112))
    eight.save(tmp_path / "eight.png")
    sixteen = (np.asarray(eight, dtype=np.uint16) * 257).astype(np.uint16)
    Image.fromarray(sixteen).save(tmp_path / "sixteen.png")
    assert Image.open(tmp_path / "sixteen.png").mode.startswith("I")
    np.testing.assert_allclose(digits.load_digit(tmp_path / "sixteen.png"), digits.load_digit(tmp_path / "eight.png"),
                               atol=2)


@pytest.mark.parametrize("mode", ["P", "LA", "1"])
def test_other_image_modes(samples, tmp_path, mode):
    original, _ = samples[4]
    reference = digits.load_digit(rgb_inverted_x10(original, tmp_path / "ref"))
    img = big(255 - original, (280, 280))
    if mode == "P":
        img = img.convert("RGB").quantize(16)
    elif mode == "LA":
        img = img.convert("LA")
    else:
        img = img.point(lambda v: 255 if v > 128 else 0).convert("1")
    img.save(tmp_path / "other.png")
    assert Image.open(tmp_path / "other.png").mode == mode
    assert correlation(digits.load_digit(tmp_path / "other.png"), reference) > 0.9


# ---------------------------------------------------------------------------- photos of paper, canvas drawings

BATCH = 24  # per kind of picture; 2-6 s each on 2 cores
KINDS = {
    "phone-photo": lambda digit, path, rng: user_pictures.phone_photo(digit, path, rng),
    "pen-photo": lambda digit, path, rng: user_pictures.phone_photo(digit, path, rng, pen=True),
    "canvas-drawing": user_pictures.canvas_drawing,
}
# Median correlation with the original MNIST digit: a photo keeps the writer's own stroke; a
# pen or brush redraws the digit along its skeleton with an even line, so it differs more.
MIN_MEDIAN_CORRELATION = {"phone-photo": 0.93, "pen-photo": 0.78, "canvas-drawing": 0.78}


@pytest.fixture(scope="module")
def batch(data):
    """A seeded random batch of test digits: all kinds, not only ones the network gets right."""
    picks = np.random.default_rng(2024).choice(len(data.test), BATCH, replace=False)
    return data.test.images[picks], data.test.labels[picks].astype(int)


@pytest.mark.parametrize("kind", KINDS)
def test_photos_and_drawings_read_like_mnist(batch, net, tmp_path, kind, record_property):
    images, labels = batch
    on_originals = float(np.mean(net.predict(images.reshape(len(images), -1) / 255.0) == labels))
    right, correlations = [], []
    for k, (original, label) in enumerate(zip(images, labels)):
        picture = KINDS[kind](original, tmp_path / f"{kind}{k}", np.random.default_rng(1000 + k))
        x = digits.load_digit(picture)
        assert x.shape == (28, 28) and 19 <= max(ink_box(x > 38)) <= 21, ink_box(x > 38)
        right.append(int(net.predict(x.reshape(-1) / 255.0)) == label)
        correlations.append(correlation(x, original))
    rate, median = float(np.mean(right)), float(np.median(correlations))
    record_property(f"{kind}_prediction_rate", rate)
    record_property(f"{kind}_median_correlation", median)
    print(f"{kind}: {rate:.0%} read right (network on the originals: {on_originals:.0%}); "
          f"correlation with the original: median {median:.3f}, min {min(correlations):.3f}")
    assert rate >= min(0.85, on_originals - 0.1), f"{kind}: {rate:.0%} read right vs {on_originals:.0%} on the originals"
    assert median >= MIN_MEDIAN_CORRELATION[kind], np.round(correlations, 3)


def test_lighting_and_shadow_do_not_change_the_digit(samples, net, tmp_path):
    """The same sheets photographed in even light and under a gradient and a shadow give the same 28x28s.

    Compared after a 1-pixel blur: the ink box may move by a pixel of the photo, which moves
    2-pixel-wide strokes by a fraction of a pixel in the 28x28 (as MNIST's own sampling does).
    """
    for k, (original, label) in enumerate(samples):
        results = []
        for light in ("even", "uneven"):
            rng = np.random.default_rng(5)
            path = user_pictures.phone_photo(original, tmp_path / f"{light}{k}", rng, even_light=light == "even")
            results.append(digits.load_digit(path))
        even, uneven = (ndimage.gaussian_filter(x.astype(float), 1.0) for x in results)
        assert correlation(even, uneven) > 0.95, (k, correlation(even, uneven))
        even_answer, uneven_answer = (int(net.predict(x.reshape(-1) / 255.0)) for x in results)
        assert uneven_answer == even_answer


def test_thin_brush_strokes_are_widened_to_mnist_proportions(samples, tmp_path):
    """A 3-pixel brush on an 800x800 canvas ends up as thick, for its size, as MNIST's pen."""
    mnist_widths = [strokes.stroke_fraction(x > 38) for x, _ in samples]
    for k, (original, _) in enumerate(samples[:6]):
        rng = np.random.default_rng(k)
        picture = user_pictures.canvas_drawing(original, tmp_path / f"thin{k}", rng)
        x = digits.load_digit(picture)
        # Unwidened, a 2-6 px brush on a 160-400 px digit would be under 0.05 of the box.
        assert 0.1 <= strokes.stroke_fraction(x > 38) <= max(mnist_widths) + 0.05


def test_stroke_width_of_known_shapes():
    """Exact on average over directions (a ring), within the 4/pi bias for a straight bar along the grid."""
    yy, xx = np.mgrid[:400, :400]
    ring = np.abs(np.hypot(yy - 200, xx - 200) - 120) <= 5  # a circle drawn with a 10 px pen
    assert strokes.stroke_width(ring) == pytest.approx(10, rel=0.05)
    bar = np.zeros((200, 200), bool)
    bar[20:180, 96:104] = True  # 8 px wide
    assert 8 <= strokes.stroke_width(bar) <= 8 * 4 / np.pi


# ---------------------------------------------------------------------------- bad pictures


def blank_png(path: Path, width: int, height: int) -> Path:
    """A valid 1-bit black PNG of any size, written row by row: 20,000 x 20,000 is 60 kB and
    a fraction of a second, where Pillow would first allocate its 400 MB of pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    z = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte 0, then the row's bits
    idat = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


# Past Pillow's warning limit (13,000^2 = 169 MP), and past twice it, where Pillow refuses (20,000^2 = 400 MP).
BOMBS = {"pillow-warns": 13_000, "pillow-refuses": 20_000}


@pytest.fixture(scope="module")
def bad_images(tmp_path_factory) -> dict:
    """name -> (path, what the message must say)."""
    d = tmp_path_factory.mktemp("bad")
    (d / "x.png").write_text("this is a text file, not a picture\n")
    Image.new("RGB", (64, 48), "white").save(d / "white.png")
    Image.new("L", (64, 48), 0).save(d / "black.png")
    Image.new("L", (7000, 7000), 255).save(d / "huge.png", compress_level=1)  # 49 MP > the 40 MP limit
    Image.new("L", (50, 50), 128).save(d / "flat-grey.jpg")
    stroke = np.full((60, 60), 255, np.uint8)
    stroke[10:50, 28:32] = 0
    Image.fromarray(stroke).save(d / "cut.png")
    (d / "truncated.png").write_bytes((d / "cut.png").read_bytes()[:80])
    (d / "folder.png").mkdir()
    for name, side in BOMBS.items():
        blank_png(d / f"{name}.png", side, side)
    return {
        **{name: (d / f"{name}.png", "image too large") for name in BOMBS},
        "text-file": (d / "x.png", "not an image"),
        "all-white": (d / "white.png", "empty image"),
        "all-black": (d / "black.png", "empty image"),
        "flat-grey": (d / "flat-grey.jpg", "empty image"),
        "huge": (d / "huge.png", "too large"),
        "truncated": (d / "truncated.png", "unreadable"),
        "missing": (d / "nowhere.png", "file not found"),
        "directory": (d / "folder.png", "is a directory"),
    }


BAD = ["text-file", "all-white", "all-black", "flat-grey", "huge", "truncated", "missing", "directory",
       *BOMBS]


@pytest.mark.parametrize("case", BAD)
def test_bad_picture_is_refused_by_name(bad_images, case):
    path, problem = bad_images[case]
    with warnings.catch_warnings(record=True) as caught, pytest.raises(ImageError) as err:
        warnings.simplefilter("always")
        digits.load_digit(path)
    message = str(err.value)
    assert str(path) in message and problem in message and "\n" not in message, message
    pillows = [str(w.message) for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]
    assert not pillows, pillows  # Pillow's own warning would print before our line
    assert "Pillow" not in message or "decodes" in message
    assert "bomb" not in message.lower()


@pytest.mark.parametrize("name", BOMBS)
def test_predict_on_a_huge_picture_says_one_line_in_its_own_words(bad_images, name):
    """From the command line, where a Python warning prints two lines of Pillow's before ours."""
    path, _ = bad_images[name]
    proc = subprocess.run([sys.executable, "-m", "netcore", "predict", str(path), "--bundle", str(bundle.DEFAULT_DIR)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and not proc.stdout
    side = BOMBS[name]
    expected = f"{side}x{side}" if side * side <= 2 * Image.MAX_IMAGE_PIXELS else "over"
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith(f"netcore: error: {path}: image too large ({expected}"), proc.stderr
    assert f"at most {digits.MAX_PIXELS:,} pixels" in proc.stderr


def test_predict_says_what_it_reads(tmp_path, capsys, samples):
    """It reads whatever Pillow decodes (a GIF, a 16-bit PNG), and its help and errors say so, not 'PNG or JPEG'."""
    big = np.kron(samples[2][0], np.ones((4, 4), np.uint8))
    Image.fromarray(big).save(tmp_path / "two.png")
    Image.fromarray(big).save(tmp_path / "two.gif")
    Image.fromarray(big.astype(np.uint16) * 257).save(tmp_path / "two16.png")
    answers = []
    for picture in ("two.png", "two.gif", "two16.png"):
        np.testing.assert_array_equal(digits.load_digit(tmp_path / picture), digits.load_digit(tmp_path / "two.png"))
        assert cli.main(["predict", str(tmp_path / picture), "--bundle", str(bundle.DEFAULT_DIR)]) == 0
        answers.append(capsys.readouterr().out.splitlines()[-1])
    assert answers == [f"answer: {samples[2][1]}"] * 3  # the digit it is, in every format
    (tmp_path / "notes.png").write_text("not a picture")
    assert cli.main(["predict", str(tmp_path / "notes.png"), "--bundle", str(bundle.DEFAULT_DIR)]) == 1
    error = capsys.readouterr().err
    assert "Pillow decodes" in error and "GIF" in error and "PNG or JPEG" not in error
    helptext = subprocess.run([sys.executable, "-m", "netcore", "--help"], cwd=ROOT, capture_output=True, text=True,
                              timeout=60).stdout
    assert "Pillow decodes" in " ".join(helptext.split()) and "PNG/JPEG" not in helptext


@pytest.mark.parametrize("case", BAD)
def test_predict_refuses_bad_picture_in_one_line(bad_images, capsys, tmp_path, case):
    path, problem = bad_images[case]
    out = tmp_path / "digit28.png"
    code = cli.main(["predict", str(path), "--json", "--save-28x28", str(out), "--bundle", str(bundle.DEFAULT_DIR)])
    stdout, stderr = capsys.readouterr()
    assert code == 1 and not stdout
    assert stderr.count("\n") == 1 and stderr.startswith("netcore: error: ") and str(path) in stderr, stderr
    assert problem in stderr
    assert not out.exists()


# ---------------------------------------------------------------------------- python -m netcore predict


def test_predict_json_and_saved_28x28(samples, net, tmp_path):
    original, label = samples[3]
    picture = rgb_inverted_x10(original, tmp_path / "mine")
    saved = tmp_path / "mine-28.png"
    proc = subprocess.run(
        [sys.executable, "-m", "netcore", "predict", str(picture), "--json", "--save-28x28", str(saved),
         "--bundle", str(bundle.DEFAULT_DIR)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    x = digits.load_digit(picture)
    assert len(result["outputs"]) == 10 and all(0 < v < 1 for v in result["outputs"])
    np.testing.assert_allclose(result["outputs"], net.forward(x.reshape(-1) / 255.0).output, rtol=1e-12)
    assert result["answer"] == int(np.argmax(result["outputs"])) == label
    assert result["image"] == str(picture)
    with Image.open(saved) as img:
        assert img.format == "PNG" and img.mode == "L" and img.size == (28, 28)
        np.testing.assert_array_equal(np.asarray(img), x)


def test_predict_text(samples, capsys, tmp_path):
    original, label = samples[6]
    picture = grey_jpeg(original, tmp_path / "six")
    assert cli.main(["predict", str(picture), "--bundle", str(bundle.DEFAULT_DIR)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"answer: {label}"
    assert [line.split()[0] for line in out[:10]] == [str(d) for d in range(10)]


def test_save_28x28_into_a_missing_directory_is_one_line(samples, capsys, tmp_path):
    picture = rgb_inverted_x10(samples[0][0], tmp_path / "zero")
    target = tmp_path / "no" / "such" / "dir" / "out.png"
    code = cli.main(["predict", str(picture), "--save-28x28", str(target), "--bundle", str(bundle.DEFAULT_DIR)])
    stderr = capsys.readouterr().err
    assert code == 1 and stderr.count("\n") == 1 and str(target) in stderr, stderr
