"""sharesite.images.strip on photos made in code (tests/photos.py): after cleaning, a file
carries no location or other metadata, decodes to the same pixels, keeps its colour profile,
and a phone photo still shows upright; damaged and unsupported files raise StripError.

Decision pinned here: a JPEG cut off inside its image data (truncated_jpeg) is still
cleaned, because its header segments are whole: the metadata goes and the image data is
copied as far as it goes. gps_position still reads such a file's location; it returns None
only when the EXIF itself is cut or unreadable."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import struct
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from photos import (
    LATITUDE,
    LONGITUDE,
    P3_COLOUR,
    P3_ICC,
    animated_gif,
    bomb_png,
    metadata_in,
    oriented_jpeg,
    p3_jpeg,
    pdf_named_jpg,
    phone_jpeg,
    png_with_exif,
    transparent_png,
    truncated_jpeg,
    upright_corner_colours,
    webp_with_exif,
)
from PIL import Image, ImageCms, ImageOps

from sharesite.images.strip import StripError, gps_position, strip_bytes, strip_file


def small_phone_jpeg() -> bytes:
    return phone_jpeg(800, 600)


MAKERS: dict[str, Callable[[], bytes]] = {
    "jpeg": small_phone_jpeg,
    "png": png_with_exif,
    "webp": webp_with_exif,
    "gif": animated_gif,
}
WITH_GPS = ["jpeg", "png", "webp"]
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of each JPEG segment before the first scan."""
    segments, pos = [], 2
    while data[pos + 1] != 0xDA:
        end = pos + 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segments.append((data[pos + 1], data[pos + 4 : end]))
        pos = end
    return segments


def scan_data(data: bytes) -> bytes:
    """A JPEG from its first SOS marker to the end: the compressed image."""
    pos = 2
    while data[pos + 1] != 0xDA:
        pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
    return data[pos:]


def pixels(data: bytes) -> list[bytes]:
    """The decoded pixels of every frame, as stored (no orientation applied)."""
    with Image.open(io.BytesIO(data)) as im:
        frames = []
        for index in range(getattr(im, "n_frames", 1)):
            im.seek(index)
            frames.append(im.convert("RGBA").tobytes() if im.mode == "P" else im.tobytes())
        return frames


def exif_of(payload: bytes) -> Image.Exif:
    exif = Image.Exif()
    exif.load(payload)
    return exif


# --- the fixtures themselves ------------------------------------------------------------


def test_phone_jpeg_carries_every_kind_of_metadata() -> None:
    data = small_phone_jpeg()
    assert {"exif", "gps", "xmp", "iptc", "comment", "app1"} <= set(metadata_in(data))
    with Image.open(io.BytesIO(data)) as im:
        assert im.getexif()[0x0112] == 6
        assert im.info["comment"] == b"Taken at Hillside Primary"
        assert im.info["icc_profile"] == P3_ICC


def test_phone_jpeg_stores_pixels_turned_as_a_camera_does() -> None:
    with Image.open(io.BytesIO(small_phone_jpeg())) as im:
        assert im.size == (600, 800)
        assert ImageOps.exif_transpose(im).size == (800, 600)
    with Image.open(io.BytesIO(phone_jpeg(800, 600, orientation=1))) as im:
        assert im.size == (800, 600)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_oriented_jpeg_shows_upright_after_exif_transpose(orientation: int) -> None:
    with Image.open(io.BytesIO(oriented_jpeg(orientation))) as im:
        assert im.getexif()[0x0112] == orientation
        upright = ImageOps.exif_transpose(im)
    assert upright.size == (60, 40)
    assert upright_corner_colours(upright) == ("red", "green")


def test_other_fixtures_carry_what_they_say() -> None:
    assert metadata_in(png_with_exif()) == ["comment", "exif", "gps", "xmp"]
    assert metadata_in(webp_with_exif()) == ["exif", "gps", "xmp"]
    assert metadata_in(animated_gif()) == ["comment"]
    assert metadata_in(transparent_png()) == []
    assert metadata_in(p3_jpeg()) == []
    assert pdf_named_jpg().startswith(b"%PDF-1.4")
    with Image.open(io.BytesIO(transparent_png())) as im:
        assert im.mode == "RGBA"
        assert im.getchannel("A").getextrema() == (0, 255)


def test_fixtures_are_the_same_bytes_every_time() -> None:
    # __wrapped__: past the cache, so each call builds the file again.
    assert phone_jpeg.__wrapped__(160, 120) == phone_jpeg.__wrapped__(160, 120)
    for maker in (png_with_exif, webp_with_exif, animated_gif, p3_jpeg, transparent_png):
        assert maker.__wrapped__() == maker.__wrapped__()


def test_p3_profile_is_display_p3_that_littlecms_accepts() -> None:
    profile = ImageCms.ImageCmsProfile(io.BytesIO(P3_ICC))
    assert profile.profile.profile_description == "Display P3"
    with Image.open(io.BytesIO(p3_jpeg())) as im:
        assert im.info["icc_profile"] == P3_ICC
        srgb = ImageCms.profileToProfile(im, profile, ImageCms.createProfile("sRGB"))
    assert srgb is not None
    red, green, _ = srgb.getpixel((200, 150))  # type: ignore[misc]
    assert red > P3_COLOUR[0] and green < P3_COLOUR[1]  # P3's red lies outside sRGB's


def test_bomb_png_is_huge_in_pixels_and_tiny_in_bytes() -> None:
    data = bomb_png(60)
    assert len(data) < 1_000_000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as im:
            assert im.size[0] * im.size[1] >= 60_000_000


# --- strip_bytes ------------------------------------------------------------------------


@pytest.mark.parametrize("name", MAKERS)
def test_strip_removes_all_metadata_and_keeps_pixels(name: str) -> None:
    before = MAKERS[name]()
    after, removed, kept = strip_bytes(before)
    assert metadata_in(after) == (["app1", "exif"] if name == "jpeg" else [])
    assert kept is (name == "jpeg")
    assert set(removed) == set(metadata_in(before)) - {"app1"}
    assert pixels(after) == pixels(before)


def test_jpeg_keeps_one_app1_with_only_the_orientation() -> None:
    after, removed, kept = strip_bytes(small_phone_jpeg())
    assert kept
    assert {"exif", "gps", "xmp", "iptc", "comment"} <= set(removed)
    segments = jpeg_segments(after)
    app1 = [payload for marker, payload in segments if marker == 0xE1]
    assert len(app1) == 1
    assert segments[0] == (0xE1, app1[0])  # first, as phones write it (no JFIF here)
    exif = exif_of(app1[0])
    assert dict(exif) == {0x0112: 6}
    assert exif.get_ifd(0x8825) == {}
    assert not {"gps", "xmp", "iptc", "comment"} & set(metadata_in(after))
    assert not any(marker in (0xED, 0xFE) for marker, _ in segments)


def test_orientation_goes_right_after_jfif() -> None:
    original = oriented_jpeg(8)
    app0_end = 4 + int.from_bytes(original[4:6])
    before = original[:app0_end] + b"\xff\xfe\x00\x07hello" + original[app0_end:]
    assert [marker for marker, _ in jpeg_segments(before)][:3] == [0xE0, 0xFE, 0xE1]
    after, removed, _ = strip_bytes(before)
    assert removed == ("comment",)
    assert [marker for marker, _ in jpeg_segments(after)][:2] == [0xE0, 0xE1]
    assert after == original


def test_jpeg_scan_data_is_byte_identical() -> None:
    before = small_phone_jpeg()
    after, _, _ = strip_bytes(before)
    assert scan_data(after) == scan_data(before)
    assert len(before) - len(after) > 1000


def test_progressive_jpeg_scans_are_copied_whole() -> None:
    out = io.BytesIO()
    with Image.open(io.BytesIO(small_phone_jpeg())) as im:
        im.save(out, "JPEG", progressive=True, exif=im.getexif(), comment=b"Year 4 trip")
    before = out.getvalue()
    after, removed, _ = strip_bytes(before)
    assert {"comment", "exif", "gps"} <= set(removed)
    assert scan_data(after) == scan_data(before)
    assert pixels(after) == pixels(before)


def test_metadata_between_scans_is_removed_too() -> None:
    out = io.BytesIO()
    Image.open(io.BytesIO(p3_jpeg())).save(out, "JPEG", progressive=True)
    clean = out.getvalue()
    later_scan = clean.index(b"\xff\xda", clean.index(b"\xff\xda") + 2)
    before = clean[:later_scan] + b"\xff\xfe\x00\x09Lily B." + clean[later_scan:]
    after, removed, _ = strip_bytes(before)
    assert (after, removed) == (clean, ("comment",))


def test_jpeg_without_image_data_is_damaged() -> None:
    header_only = p3_jpeg()[: p3_jpeg().index(b"\xff\xda")] + b"\xff\xd9"
    with pytest.raises(StripError, match="damaged or incomplete"):
        strip_bytes(header_only)


def test_cmyk_jpeg_keeps_its_adobe_marker() -> None:
    out = io.BytesIO()
    Image.new("CMYK", (64, 48), (10, 200, 30, 40)).save(out, "JPEG", comment=b"note")
    before = out.getvalue()
    after, removed, _ = strip_bytes(before)
    assert removed == ("comment",)
    assert any(marker == 0xEE and p.startswith(b"Adobe") for marker, p in jpeg_segments(after))
    assert pixels(after) == pixels(before)


def test_jpeg_with_orientation_1_loses_all_exif() -> None:
    after, removed, kept = strip_bytes(phone_jpeg(320, 240, orientation=1))
    assert not kept
    assert metadata_in(after) == []
    assert {"exif", "gps"} <= set(removed)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_stripped_photo_still_shows_upright(orientation: int) -> None:
    before = phone_jpeg(80, 60, orientation=orientation)
    after, _, kept = strip_bytes(before)
    assert kept is (orientation != 1)
    with Image.open(io.BytesIO(before)) as old, Image.open(io.BytesIO(after)) as new:
        shown_before = ImageOps.exif_transpose(old)
        shown_after = ImageOps.exif_transpose(new)
    assert shown_after.size == (80, 60)
    assert shown_after.tobytes() == shown_before.tobytes()


def test_jpeg_data_after_the_image_is_dropped() -> None:
    # Phones append extra images (depth maps, gain maps) with their own EXIF after the end.
    before = small_phone_jpeg() + phone_jpeg(160, 120)
    after, removed, _ = strip_bytes(before)
    assert "other" in removed
    assert after.endswith(b"\xff\xd9")
    assert metadata_in(after) == ["app1", "exif"]
    assert gps_position(after) is None


def test_colour_profile_is_kept() -> None:
    after, _, _ = strip_bytes(small_phone_jpeg())
    with Image.open(io.BytesIO(after)) as im:
        assert im.info["icc_profile"] == P3_ICC
    assert strip_bytes(p3_jpeg()) == (p3_jpeg(), (), False)


def test_png_keeps_colour_chunks_and_orientation() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 2.52), 3: "W", 4: (0.0, 7.0, 28.56)}
    out = io.BytesIO()
    Image.open(io.BytesIO(png_with_exif())).save(out, "PNG", exif=exif, icc_profile=P3_ICC)
    before = out.getvalue()
    after, removed, kept = strip_bytes(before)
    assert kept and removed == ("exif", "gps")
    assert metadata_in(after) == ["exif"]
    assert gps_position(after) is None
    with Image.open(io.BytesIO(after)) as im:
        assert im.info["icc_profile"] == P3_ICC
        assert dict(im.getexif()) == {0x0112: 6}
    assert pixels(after) == pixels(before)


def test_webp_flags_and_size_are_fixed() -> None:
    after, _, _ = strip_bytes(webp_with_exif())
    assert int.from_bytes(after[4:8], "little") == len(after) - 8
    assert after[12:16] == b"VP8X"
    assert after[20] & 0x0C == 0  # no EXIF, no XMP
    with Image.open(io.BytesIO(after)) as im:
        assert "exif" not in im.info and "xmp" not in im.info


def test_gif_keeps_its_loop_and_frame_times() -> None:
    after, removed, _ = strip_bytes(animated_gif(4))
    assert removed == ("comment",)
    with Image.open(io.BytesIO(after)) as im:
        assert im.info["loop"] == 0
        assert "comment" not in im.info
        times = []
        for index in range(im.n_frames):
            im.seek(index)
            times.append(im.info["duration"])
    assert times == [100, 200, 300, 400]


@pytest.mark.parametrize("maker", [transparent_png, p3_jpeg, lambda: oriented_jpeg(6), bomb_png])
def test_a_clean_file_comes_back_unchanged(maker: Callable[[], bytes]) -> None:
    data = maker()
    clean, removed, _ = strip_bytes(data)
    assert clean == data and removed == ()


@pytest.mark.parametrize("name", MAKERS)
def test_stripping_twice_changes_nothing_more(name: str) -> None:
    once, _, kept = strip_bytes(MAKERS[name]())
    assert strip_bytes(once) == (once, (), kept)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (HEIC, ["HEIC photo", "export it as JPEG from the Photos app"]),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + b"\x00" * 64, ["AVIF"]),
        (pdf_named_jpg(), ["PDF document"]),
        (b"II*\x00\x08\x00\x00\x00" + b"\x00" * 64, ["TIFF"]),
        (b"BM" + b"\x00" * 64, ["BMP"]),
        (b"", ["empty"]),
        (b"hello, this is text", ["not a JPEG, PNG, WebP or GIF"]),
    ],
)
def test_formats_that_cannot_be_cleaned_are_refused(data: bytes, words: list[str]) -> None:
    with pytest.raises(StripError) as caught:
        strip_bytes(data)
    assert all(word in str(caught.value) for word in words)


@pytest.mark.parametrize("name", MAKERS)
def test_damaged_files_raise_strip_error_only(name: str) -> None:
    data = MAKERS[name]()
    cuts = [*range(len(data) if len(data) < 700 else 700), *range(700, len(data), 397)]
    outcomes = set()
    for cut in cuts:
        try:
            strip_bytes(data[:cut])
            outcomes.add("cleaned")
        except StripError as error:
            assert "damaged or incomplete" in str(error) or cut < 13
            outcomes.add("refused")
        gps_position(data[:cut])  # never raises
    assert "refused" in outcomes


def test_bad_lengths_raise_strip_error_only() -> None:
    data = small_phone_jpeg()
    for at in range(2, 600, 3):
        for byte in (0x00, 0xFF):
            broken = data[:at] + bytes([byte]) + data[at + 1 :]
            with contextlib.suppress(StripError):
                strip_bytes(broken)
            gps_position(broken)


def test_truncated_jpeg_is_still_cleaned() -> None:
    before = truncated_jpeg()
    after, removed, kept = strip_bytes(before)
    assert kept and {"exif", "gps", "xmp", "iptc", "comment"} <= set(removed)
    assert metadata_in(after) == ["app1", "exif"]
    assert scan_data(after) == scan_data(before)


# --- gps_position -----------------------------------------------------------------------


@pytest.mark.parametrize("name", WITH_GPS)
def test_gps_position_is_found_and_gone_after_stripping(name: str) -> None:
    data = MAKERS[name]()
    position = gps_position(data)
    assert position == pytest.approx((LATITUDE, LONGITUDE), abs=1e-3)
    assert position == pytest.approx((51.5007, -0.1246), abs=1e-3)
    assert gps_position(strip_bytes(data)[0]) is None


def test_gps_position_south_and_east_are_signed() -> None:
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (33.0, 51.0, 36.0), 3: "E", 4: (151.0, 12.0, 36.0)}
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", exif=exif)
    assert gps_position(out.getvalue()) == pytest.approx((-33.86, 151.21), abs=1e-3)


def test_gps_position_reads_a_cut_off_jpeg_whose_exif_is_whole() -> None:
    assert gps_position(truncated_jpeg()) == pytest.approx((LATITUDE, LONGITUDE), abs=1e-3)


@pytest.mark.parametrize(
    "data",
    [
        transparent_png(),
        p3_jpeg(),
        oriented_jpeg(6),
        animated_gif(),
        pdf_named_jpg(),
        HEIC,
        b"",
        b"\xff\xd8\xff",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"RIFF\xff\xff\xff\xffWEBPVP8X",
        bytes(range(256)) * 8,
        phone_jpeg(800, 600)[:100],  # cut inside the EXIF
    ],
)
def test_gps_position_is_none_without_a_position(data: bytes) -> None:
    assert gps_position(data) is None


def test_gps_position_never_decodes_pixels() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gps_position(bomb_png(200)) is None


# --- strip_file -------------------------------------------------------------------------


def write(path: Path, data: bytes, mode: int = 0o644) -> Path:
    path.write_bytes(data)
    path.chmod(mode)
    return path


def test_strip_file_rewrites_atomically_keeping_the_mode(tmp_path: Path) -> None:
    before = small_phone_jpeg()
    photo = write(tmp_path / "trip.jpg", before, 0o640)
    inode = photo.stat().st_ino
    result = strip_file(photo)
    assert result.path == photo
    assert result.kept_orientation
    assert {"exif", "gps", "xmp", "iptc", "comment"} <= set(result.removed)
    assert (result.bytes_before, result.bytes_after) == (len(before), photo.stat().st_size)
    assert photo.read_bytes() == strip_bytes(before)[0]
    assert stat.S_IMODE(photo.stat().st_mode) == 0o640
    assert photo.stat().st_ino != inode  # a new file moved into place, not rewritten
    assert [p.name for p in tmp_path.iterdir()] == ["trip.jpg"]  # no temporary file left


def test_strip_file_leaves_a_clean_file_untouched(tmp_path: Path) -> None:
    photo = write(tmp_path / "clean.png", transparent_png())
    os.utime(photo, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = photo.stat()
    result = strip_file(photo)
    assert result.removed == () and result.bytes_before == result.bytes_after
    after = photo.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)


def test_strip_file_cleans_what_a_link_points_at(tmp_path: Path) -> None:
    target = write(tmp_path / "real.webp", webp_with_exif())
    link = tmp_path / "link.webp"
    link.symlink_to(target.name)
    strip_file(link)
    assert link.is_symlink()
    assert metadata_in(target.read_bytes()) == []


def test_strip_file_cleans_a_truncated_jpeg(tmp_path: Path) -> None:
    photo = write(tmp_path / "cut.jpg", truncated_jpeg())
    assert strip_file(photo).kept_orientation
    assert metadata_in(photo.read_bytes()) == ["app1", "exif"]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("photo.jpg", pdf_named_jpg(), ["photo.jpg", "PDF document"]),
        ("IMG_0001.HEIC", HEIC, ["IMG_0001.HEIC", "HEIC photo", "export it as JPEG"]),
        ("broken.png", png_with_exif()[:5000], ["broken.png", "damaged or incomplete"]),
    ],
)
def test_strip_file_refuses_with_a_useful_message(
    tmp_path: Path, name: str, data: bytes, words: list[str]
) -> None:
    path = write(tmp_path / name, data)
    with pytest.raises(StripError) as caught:
        strip_file(path)
    assert all(word in str(caught.value) for word in words)
    assert path.read_bytes() == data


def test_strip_file_refuses_huge_and_missing_files(tmp_path: Path) -> None:
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as out:
        out.write(small_phone_jpeg())
        out.truncate(200 * 1024 * 1024 + 1)  # sparse: no real disk used
    with pytest.raises(StripError, match="200 MB"):
        strip_file(huge)
    with pytest.raises(StripError, match="cannot read"):
        strip_file(tmp_path / "missing.jpg")
