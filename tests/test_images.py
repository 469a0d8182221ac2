"""Photos: published only as processed copies (upright, sRGB, no metadata, never the
original), with markup that does not shift the page, and the rules that keep photos of
pupils safe to publish. Fixtures are made in code (tests/photos.py)."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import photos
import pytest
from PIL import Image, ImageCms
from support import BASE_URL, REPO, build, contents, make_site, out, parse, read, run, tree

from sharesite.build import BuildOptions
from sharesite.build import build as build_site

POST = "content/posts/2024-03-01-trip/"


def post(body: str, front: str = "", cover: str = "") -> str:
    cover_lines = f"cover: {cover}\ncover_alt: The fraction wall, finished\n" if cover else ""
    return f"---\ntitle: Our trip\n{cover_lines}{front}---\n{textwrap.dedent(body)}"


def images_in(folder: Path) -> dict[str, bytes]:
    return {rel: data for rel, data in contents(folder).items()
            if rel.rsplit(".", 1)[-1] in ("jpg", "jpeg", "png", "gif", "webp", "avif", "heic")}


@pytest.fixture(scope="module")
def phone_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A post with a phone photo (GPS, XMP, IPTC, a comment, turned on its side), a PNG and
    a WebP carrying EXIF, an animated GIF and a transparent PNG."""
    tmp = tmp_path_factory.mktemp("phone")
    site = make_site(tmp, {
        POST + "index.md": post("""
            Our fraction wall.

            ![Pupils' hands on the fraction wall](phone.jpg)

            ![A chart of halves](chart.png)

            ![A chart of quarters](quarters.webp)

            ![The wall growing, frame by frame](growing.gif)

            ![Our logo](logo.png)
            """, cover="phone.jpg"),
        POST + "phone.jpg": photos.phone_jpeg(2400, 1800),
        POST + "chart.png": photos.png_with_exif(),
        POST + "quarters.webp": photos.webp_with_exif(),
        POST + "growing.gif": photos.animated_gif(),
        POST + "logo.png": photos.transparent_png(),
    })
    build(site)
    return site


def test_no_published_file_carries_metadata_or_is_an_original(phone_site: Path) -> None:
    published = contents(out(phone_site))
    originals = {rel: data for rel, data in contents(phone_site / POST).items()
                 if not rel.endswith(".md")}
    pictures = images_in(out(phone_site))
    assert len(pictures) >= 5 * 2
    for rel, data in pictures.items():
        assert photos.metadata_in(data) == [], rel
        assert Image.open(io.BytesIO(data)).info.get("icc_profile") is None, rel
    for name, original in originals.items():
        assert not any(data == original for data in published.values()), name
        assert not (out(phone_site) / "posts/trip" / name).exists()
    # not even inside another file: a slice of the photo's pixel data is nowhere (a small
    # WebP re-encoded by the same encoder may give the same pixel data: only its metadata
    # differs, so only the photo is checked)
    photo = originals["phone.jpg"]
    middle = photo[len(photo) // 2: len(photo) // 2 + 64]
    assert not any(middle in data for data in published.values())
    for text in (read(phone_site, "posts/trip/index.html"), read(phone_site, "feed.xml")):
        assert "51.50" not in text and "Hillside Primary" not in text


def test_a_phone_photo_comes_out_upright_at_each_width(phone_site: Path) -> None:
    folder = out(phone_site) / "posts/trip"
    found = sorted(p.name for p in folder.glob("phone-*"))
    assert found == ["phone-1600.jpg", "phone-1600.webp", "phone-480.jpg", "phone-480.webp",
                     "phone-960.jpg", "phone-960.webp", "phone-preview.jpg"]
    for path in folder.glob("phone-*"):
        with Image.open(path) as image:
            width, height = image.size
            # stored on its side (Orientation 6), shown landscape: 2400 x 1800 upright
            assert width > height, path.name
            assert abs(width / height - 4 / 3) < 0.01
            assert width in (480, 960, 1600, 1200)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_applied(tmp_path: Path, orientation: int) -> None:
    site = make_site(tmp_path, {POST + "index.md": post("![A red and green block](o.jpg)\n"),
                                POST + "o.jpg": photos.oriented_jpeg(orientation)})
    build(site)
    for path in (out(site) / "posts/trip").glob("o-*"):
        with Image.open(path) as image:
            assert image.size == photos.UPRIGHT, path.name
            assert photos.upright_corner_colours(image.convert("RGB")) == ("red", "green")
    img = parse(read(site, "posts/trip/index.html")).find("img", alt="A red and green block")
    assert (img[0]["width"], img[0]["height"]) == ("60", "40")


def test_a_display_p3_photo_keeps_its_colour_in_srgb(tmp_path: Path) -> None:
    site = make_site(tmp_path, {POST + "index.md": post("![A red wall](p3.jpg)\n"),
                                POST + "p3.jpg": photos.p3_jpeg()})
    build(site)
    with Image.open(io.BytesIO(photos.p3_jpeg())) as original:
        expected = ImageCms.profileToProfile(
            original, ImageCms.ImageCmsProfile(io.BytesIO(photos.P3_ICC)),
            ImageCms.createProfile("sRGB"), outputMode="RGB").getpixel((200, 150))
        untouched = original.getpixel((200, 150))
    assert isinstance(expected, tuple) and isinstance(untouched, tuple)
    assert expected != untouched  # the conversion matters for this colour
    for path in (out(site) / "posts/trip").glob("p3-*"):
        with Image.open(path) as image:
            assert image.info.get("icc_profile") is None
            pixel = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
            assert isinstance(pixel, tuple)
            assert all(abs(a - b) <= 6 for a, b in zip(pixel, expected, strict=True)), (
                path.name, pixel, expected)


def test_an_animated_gif_keeps_every_frame(phone_site: Path) -> None:
    folder = out(phone_site) / "posts/trip"
    with Image.open(io.BytesIO(photos.animated_gif())) as original:
        frames = original.n_frames
    assert frames == 3
    for name in ("growing-", ):
        copies = sorted(folder.glob(name + "*"))
        assert {p.suffix for p in copies} == {".webp", ".gif"}  # no preview: not a cover
        for path in copies:
            if path.name.endswith("preview.jpg"):
                continue
            with Image.open(path) as image:
                assert image.n_frames == frames, path.name


def test_a_transparent_image_falls_back_to_png(phone_site: Path) -> None:
    folder = out(phone_site) / "posts/trip"
    assert {p.suffix for p in folder.glob("logo-*")} == {".png", ".webp"}
    with Image.open(next(folder.glob("logo-*.png"))) as image:
        assert image.mode == "RGBA"


def test_markup_is_a_picture_with_sizes_and_no_layout_shift(phone_site: Path) -> None:
    page = read(phone_site, "posts/trip/index.html")
    html = parse(page)
    imgs = html.find("img")
    assert len(imgs) == 6  # the cover and five in the text
    for img in imgs:
        assert img.get("alt") and img.get("width") and img.get("height"), img
        assert img.get("srcset") and img.get("sizes"), img
        assert img.get("decoding") == "async"
    cover = imgs[0]
    assert cover["alt"] == "The fraction wall, finished"
    assert cover.get("fetchpriority") == "high" and "loading" not in cover
    assert all(img.get("loading") == "lazy" for img in imgs[1:])
    assert (cover["width"], cover["height"]) == ("1600", "1200")
    sources = html.find("source")
    assert {s["type"] for s in sources} == {"image/webp"}
    webp = next(s for s in sources if "phone-480.webp" in (s.get("srcset") or ""))
    assert webp["srcset"] == ("/sub/posts/trip/phone-480.webp 480w, "
                              "/sub/posts/trip/phone-960.webp 960w, "
                              "/sub/posts/trip/phone-1600.webp 1600w")
    # every address in the markup is a file that was published
    for img in imgs:
        for candidate in (img["srcset"] or "").split(", "):
            assert (out(phone_site) / candidate.split(" ")[0].removeprefix("/sub/")).is_file()


def test_link_previews_and_feeds_get_a_jpeg(phone_site: Path) -> None:
    html = parse(read(phone_site, "posts/trip/index.html"))
    assert html.meta("og:image") == BASE_URL + "posts/trip/phone-preview.jpg"
    assert html.meta("og:image:width") == "1200" and html.meta("og:image:height") == "900"
    assert html.meta("og:image:type") == "image/jpeg"
    assert (out(phone_site) / "posts/trip/phone-preview.jpg").stat().st_size < 300_000
    # only the preview that is used is published
    assert not list((out(phone_site) / "posts/trip").glob("chart-preview*"))
    feed = read(phone_site, "feed.xml")
    assert "&lt;picture" not in feed and "<picture" not in feed
    assert BASE_URL + "posts/trip/phone-960.jpg" in feed


def test_cards_show_covers_as_pictures(phone_site: Path) -> None:
    for page in ("index.html", "tags/index.html", "archive/index.html"):
        for img in parse(read(phone_site, page)).find("img"):
            assert img.get("alt") and img.get("width") and img.get("height"), (page, img)
    home = parse(read(phone_site, "index.html")).find("img", alt="The fraction wall, finished")
    assert home and home[0].get("class") == "card__cover"


def test_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    files = {POST + "index.md": post("![A wall](phone.jpg)\n\n![Growing](g.gif)\n"),
             POST + "phone.jpg": photos.phone_jpeg(1800, 1200),
             POST + "g.gif": photos.animated_gif()}
    first = make_site(tmp_path / "a", files)
    second = make_site(tmp_path / "b", files)
    build(first)
    build(second)
    assert contents(out(first)) == contents(out(second))


def test_an_unchanged_photo_is_not_processed_again(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import sharesite.images.stage as stage

    site = make_site(tmp_path, {POST + "index.md": post("![A wall](a.jpg)\n\n![B](b.jpg)\n"),
                                POST + "a.jpg": photos.phone_jpeg(1000, 750),
                                POST + "b.jpg": photos.phone_jpeg(900, 600, orientation=1)})
    assert build_site(site).ok
    made: list[str] = []
    real = stage.make

    def counting(data: bytes, name: str, settings: object) -> object:
        made.append(name)
        return real(data, name, settings)  # type: ignore[arg-type]

    monkeypatch.setattr(stage, "make", counting)
    clean = build_site(site)
    assert clean.ok and made == []
    (site / POST / "b.jpg").write_bytes(photos.phone_jpeg(800, 600, orientation=3))
    assert build_site(site).ok
    assert made == ["b.jpg"]
    with Image.open(out(site) / "posts/trip/b-800.jpg") as image:
        assert image.size == (800, 600)


BAD = {
    "truncated.jpg": (photos.truncated_jpeg(), "cannot be read"),
    "document.jpg": (photos.pdf_named_jpg(), "this file is a PDF, not a photo"),
    "huge.png": (photos.bomb_png(60), "decompression bomb"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_image_is_an_error_that_leaves_the_site_as_it_was(tmp_path: Path,
                                                                name: str) -> None:
    site = make_site(tmp_path, {POST + "index.md": post("![A wall](ok.jpg)\n"),
                                POST + "ok.jpg": photos.phone_jpeg(600, 400)})
    build(site)
    before = contents(out(site))
    data, message = BAD[name]
    (site / POST / name).write_bytes(data)
    result = build(site, ok=False)
    assert result.exit_code == 1
    line = next(ln for ln in result.lines if ln.startswith(f"{POST}{name}: "))
    assert message in line and "(" in line and line.endswith(")")
    assert contents(out(site)) == before


def test_a_missing_cover_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {POST + "index.md": post("Text.\n", cover="gone.jpg")})
    result = build(site, ok=False)
    assert f"{POST}index.md:3: cover: 'gone.jpg' does not exist" in result.stderr


def test_a_heic_photo_is_read_with_the_extra(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif", reason="installed by the test extra")
    with Image.open(io.BytesIO(photos.phone_jpeg(1200, 900, orientation=1))) as photo:
        exif = photo.getexif()
        heif = pillow_heif.from_pillow(photo)
        heic = io.BytesIO()
        heif.save(heic, format="HEIF", exif=exif.tobytes())
    assert photos.metadata_in(heic.getvalue()) or b"Exif" in heic.getvalue()
    site = make_site(tmp_path, {POST + "index.md": post("![A wall](IMG_0001.HEIC)\n"),
                                POST + "IMG_0001.HEIC": heic.getvalue()})
    build(site)
    copies = images_in(out(site) / "posts/trip")
    assert sorted(copies) == ["IMG_0001-1200.jpg", "IMG_0001-1200.webp", "IMG_0001-480.jpg",
                              "IMG_0001-480.webp", "IMG_0001-960.jpg", "IMG_0001-960.webp",
                              "IMG_0001-preview.jpg"]
    assert all(photos.metadata_in(data) == [] for data in copies.values())


def test_without_the_extra_a_heic_photo_is_an_error_saying_what_to_install(
        tmp_path: Path) -> None:
    site = make_site(tmp_path, {POST + "index.md": post("![A wall](IMG_0001.heic)\n"),
                                POST + "IMG_0001.heic": b"\0\0\0\x18ftypheic" + bytes(64)})
    hide = tmp_path / "no-heif"
    hide.mkdir()
    (hide / "pillow_heif.py").write_text("raise ImportError('not installed')\n")
    result = subprocess.run([sys.executable, "-m", "sharesite", "build", "-C", str(site)],
                            capture_output=True, text=True, check=False,
                            env={"PYTHONPATH": str(hide), "PATH": "/usr/bin:/bin",
                                 "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{POST}IMG_0001.heic: this is an iPhone HEIC photo" in result.stderr
    assert "pip install 'sharesite[heic]'" in result.stderr


def test_avif_is_made_when_a_site_asks(tmp_path: Path) -> None:
    config = (make_site(tmp_path, {}) / "site.toml").read_text() + "\n[images]\navif = true\n"
    site = make_site(tmp_path, {POST + "index.md": post("![A wall](a.jpg)\n"),
                                POST + "a.jpg": photos.phone_jpeg(700, 500, orientation=1)},
                     config=config)
    build(site)
    sources = parse(read(site, "posts/trip/index.html")).find("source")
    assert [s["type"] for s in sources] == ["image/avif", "image/webp"]
    avif = out(site) / "posts/trip/a-700.avif"
    assert photos.metadata_in(avif.read_bytes()) == []
    with Image.open(avif) as image:
        assert image.size == (700, 500)


def test_image_settings_are_checked(tmp_path: Path) -> None:
    config = (make_site(tmp_path, {}) / "site.toml").read_text()
    site = make_site(tmp_path, {}, config=config + "\n[images]\nquality = 0\nwidths = [1, \"x\"]\n")
    result = run(site, "build")
    assert result.exit_code == 2
    assert "site.toml:" in result.stderr and "images.widths" in result.stderr
    site = make_site(tmp_path, {}, config=config + "\n[images]\nquality = 101\n")
    assert "images.quality: 101 is not from 1 to 100" in run(site, "build").stderr


# -- alt text ------------------------------------------------------------------------------

def test_alt_text_missing_or_a_file_name_warns_in_build_and_fails_check(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        POST + "index.md": post("Text.\n\n![](a.jpg)\n\n![IMG_2041.jpg](b.jpg)\n\n"
                                "![](rule.png)\n",
                                front="images: {rule.png: {decorative: true}}\n"),
        POST + "a.jpg": photos.phone_jpeg(500, 400, orientation=1),
        POST + "b.jpg": photos.phone_jpeg(500, 400, orientation=1),
        POST + "rule.png": photos.transparent_png(),
    })
    result = build(site)
    assert f"{POST}index.md:7: warning: the image 'a.jpg' has no alt text" in result.stderr
    assert f"{POST}index.md:9: warning: the alt text of 'b.jpg' is its file name" \
        in result.stderr
    assert "rule.png" not in result.stderr
    checked = run(site, "check")
    assert checked.exit_code == 1
    assert f"{POST}index.md:7: the image 'a.jpg' has no alt text" in checked.stderr
    assert build(site, "--strict", ok=False).exit_code == 1
    img = parse(read(site, "posts/trip/index.html")).find("img", alt="")
    assert len(img) == 2 and all(i.get("width") for i in img)


# -- pupils --------------------------------------------------------------------------------

def pupil_site(tmp_path: Path, facts: str, alt: str = "Building the wall") -> Path:
    return make_site(tmp_path, {
        POST + "index.md": post(f"![{alt}](wall.jpg)\n", front=facts),
        POST + "wall.jpg": photos.phone_jpeg(500, 400, orientation=1),
        "content/authors/ms-okafor.md": "---\nname: Ms Okafor\n---\n",
    })


def test_a_photo_of_pupils_needs_a_consent_basis(tmp_path: Path) -> None:
    site = pupil_site(tmp_path, "images:\n  wall.jpg: {pupils: true}\n")
    result = build(site, ok=False)
    assert (f"{POST}index.md:4: images: wall.jpg shows pupils, but its consent is not "
            "recorded (add consent: recorded") in result.stderr
    site = pupil_site(tmp_path, "images:\n  wall.jpg: {pupils: true, consent: asked}\n")
    assert "consent: 'asked' is not a lawful basis" in build(site, ok=False).stderr
    site = pupil_site(tmp_path, "images:\n  wall.jpg: {pupils: true, consent: recorded}\n")
    assert build(site).stderr == ""


def test_a_passed_review_date_warns_then_fails(tmp_path: Path) -> None:
    import datetime as dt

    site = pupil_site(tmp_path, "images:\n  wall.jpg:\n    pupils: true\n    consent: recorded"
                                "\n    review_by: 2026-01-31\n")
    soon = build_site(site, BuildOptions(now=dt.datetime(2026, 2, 10, tzinfo=dt.UTC)))
    assert soon.ok
    assert [str(d) for d in soon.diagnostics] == [
        f"{POST}index.md:4: warning: images: wall.jpg: its consent was due for review on "
        "2026-01-31 (check the consent is still in place and set a new review_by (this "
        "becomes an error after 30 days))"]
    late = build_site(site, BuildOptions(now=dt.datetime(2026, 3, 10, tzinfo=dt.UTC)))
    assert not late.ok
    assert "was due for review on 2026-01-31, 38 days ago" in str(late.diagnostics[0])


def test_names_near_photos_warn(tmp_path: Path) -> None:
    site = pupil_site(tmp_path, "", alt="Ms Okafor's class at the wall")
    assert "the alt text of 'wall.jpg' holds the name 'Okafor'" in build(site).stderr
    names = tmp_path / "private" / "pupils.txt"
    names.parent.mkdir()
    names.write_text("Amara Bello\nTomasz Nowak\n")
    site = pupil_site(tmp_path, "", alt="Amara at the wall")
    result = build(site, env={"SHARESITE_PUPIL_NAMES": str(names)})
    assert "the alt text of an image on this line holds a pupil's name" in result.stderr
    assert "Amara" not in result.stderr  # the warning never repeats the name itself


def test_the_register_lists_every_photo_of_pupils(tmp_path: Path) -> None:
    site = pupil_site(tmp_path, "images:\n  wall.jpg: {pupils: true, consent: public-task, "
                                "review_by: 2027-07-31}\n")
    result = run(site, "photos")
    assert result.exit_code == 0, result.stderr
    assert "posts/2024-03-01-trip/wall.jpg" in result.stdout
    assert "public-task" in result.stdout and "2027-07-31" in result.stdout
    csv = run(site, "photos", "--format", "csv")
    assert csv.stdout.splitlines()[0] == "page,address,image,consent,review_by,status,review"
    assert csv.stdout.splitlines()[1].startswith(f"{POST}index.md,{BASE_URL}posts/trip/,")


# -- downloads -----------------------------------------------------------------------------

def test_a_downloadable_photo_is_published_as_it_is_but_its_gps_warns(tmp_path: Path) -> None:
    original = photos.phone_jpeg(800, 600)
    folder = "content/resources/wall-photos/"
    site = make_site(tmp_path, {
        folder + "index.md": "---\ntitle: Wall photos\ndate: 2024-03-01\nfiles:\n"
                             "  - photo.jpg\n---\nA photo to print.\n",
        folder + "photo.jpg": original,
    })
    result = build(site)
    assert (out(site) / "resources/wall-photos/photo.jpg").read_bytes() == original
    assert not list((out(site) / "resources/wall-photos").glob("photo-*"))
    assert (f"{folder}index.md:5: warning: files: 'photo.jpg' carries the GPS position "
            f"where it was taken") in result.stderr
    assert f"sharesite strip {folder}photo.jpg" in result.stderr
    stripped = run(site, "strip", folder + "photo.jpg")
    assert stripped.exit_code == 0, stripped.stderr
    assert "gps" in stripped.stdout.lower()
    assert "GPS" not in build(site).stderr
    assert photos.metadata_in((out(site) / "resources/wall-photos/photo.jpg").read_bytes()) \
        in ([], ["app1", "exif"])


def test_every_image_in_the_output_is_listed(phone_site: Path) -> None:
    assert all(not rel.endswith((".jpeg", ".heic")) for rel in tree(out(phone_site)))


def test_links_to_a_photo_lead_to_its_largest_copy(tmp_path: Path) -> None:
    """`[full size](trip.jpg)` and an image at the site's root named by its path
    (`/images/logo.jpg`) lead to the copies: nothing links to an original."""
    site = make_site(tmp_path, {
        POST + "index.md": post("![A wall](wall.jpg) [Full size](wall.jpg)\n\n"
                                "![Our logo](/images/logo.jpg) [Logo](/images/logo.jpg)\n"),
        POST + "wall.jpg": photos.phone_jpeg(2000, 1500, orientation=1),
        "content/images/logo.jpg": photos.phone_jpeg(900, 600, orientation=1),
        "content/posts/2024-03-02-other.md": "---\ntitle: Other\ncover: /images/logo.jpg\n"
                                              "cover_alt: Our logo\n---\nSee "
                                              "[the wall](2024-03-01-trip/wall.jpg).\n",
    })
    result = build(site, "--strict")
    assert result.stderr == ""
    html = parse(read(site, "posts/trip/index.html"))
    links = [a["href"] for a in html.find("a") if a.get("href", "").endswith(".jpg")]
    assert links == ["/sub/posts/trip/wall-1600.jpg", "/sub/images/logo-900.jpg"]
    assert [i["src"] for i in html.find("img")] == ["/sub/posts/trip/wall-960.jpg",
                                                     "/sub/images/logo-900.jpg"]
    other = parse(read(site, "posts/other/index.html"))
    assert other.meta("og:image") == BASE_URL + "images/logo-preview.jpg"
    assert "/sub/posts/trip/wall-1600.jpg" in [a.get("href") for a in other.find("a")]
    assert not (out(site) / "images/logo.jpg").exists()


def test_every_img_of_the_example_site_has_alt_width_and_height(tmp_path: Path) -> None:
    """Posts, pages, covers and cards: photos and SVG drawings alike."""
    output = tmp_path / "example"
    built = run(REPO, "build", "--output", str(output))
    assert built.exit_code == 0, built.stderr
    seen = 0
    for rel in tree(output):
        if not rel.endswith(".html"):
            continue
        for img in parse((output / rel).read_text(encoding="utf-8")).find("img"):
            seen += 1
            assert img.get("alt") is not None and img.get("width") and img.get("height"), \
                (rel, img)
    assert seen > 30
    assert photos.metadata_in((output / "posts/building-a-fraction-wall/"
                               "wall-on-display-1600.jpg").read_bytes()) == []


# -- odd files and places ------------------------------------------------------------------

def test_a_bad_image_among_others_is_reported_from_the_worker_pool(tmp_path: Path) -> None:
    """The command line processes photos on every core: a worker's error comes back as
    the same message, not a traceback."""
    site = make_site(tmp_path, {
        POST + "index.md": post("![A](a.jpg) ![B](b.jpg) ![C](empty.jpg)\n"),
        POST + "a.jpg": photos.phone_jpeg(500, 400, orientation=1),
        POST + "b.jpg": photos.phone_jpeg(400, 300, orientation=1),
        POST + "empty.jpg": b"",
    })
    result = subprocess.run([sys.executable, "-m", "sharesite", "build", "-C", str(site)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (f"{POST}empty.jpg: this image file is empty (copy the photo again: the file has "
            "no picture in it)") in result.stderr


def test_a_photo_is_found_by_its_bytes_whatever_its_name(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        POST + "index.md": post("![A](chrome.jfif)\n\n![B](camera)\n"),
        POST + "chrome.jfif": photos.phone_jpeg(500, 400, orientation=1),
        POST + "camera": photos.phone_jpeg(400, 300, orientation=1),
    })
    build(site)
    names = sorted(p.name for p in (out(site) / "posts/trip").iterdir())
    assert "chrome.jfif" not in names and "camera" not in names
    assert {"chrome-500.webp", "camera-400.jpg"} <= set(names)
    assert all(photos.metadata_in(data) == [] for data in images_in(out(site)).values())


def test_a_draft_resource_does_not_publish_a_photo_as_its_download(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/resources/class/index.md": "---\ntitle: Class\ndate: 2024-01-01\n"
                                            "draft: true\nfiles: [../../shared/class.jpg]\n"
                                            "---\nA photo.\n",
        "content/shared/class.jpg": photos.phone_jpeg(500, 400),
    })
    build(site)
    assert not (out(site) / "shared/class.jpg").exists()
    build(site, "--drafts")
    assert (out(site) / "shared/class.jpg").read_bytes() == photos.phone_jpeg(500, 400)


def test_a_16_bit_grey_scan_keeps_its_tones(tmp_path: Path) -> None:
    deep = Image.linear_gradient("L").resize((300, 200)).convert("I") \
        .point(lambda v: v * 188).convert("I;16")
    data = io.BytesIO()
    deep.save(data, "PNG")
    site = make_site(tmp_path, {POST + "index.md": post("![A grey ramp](ramp.png)\n"),
                                POST + "ramp.png": data.getvalue()})
    build(site)
    with Image.open(out(site) / "posts/trip/ramp-300.jpg") as image:
        low, high = image.convert("L").getextrema()
    assert low < 10 and 150 < high < 200  # 0-47,940 of 65,535: not clipped to white


def test_two_photos_with_one_name_get_copies_of_their_own(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        POST + "index.md": post("![A](a.jpg) ![B](a.JPG) ![C](a.png)\n"),
        POST + "a.jpg": photos.phone_jpeg(300, 200, orientation=1),
        POST + "a.JPG": photos.phone_jpeg(310, 200, orientation=1),
        POST + "a.png": photos.transparent_png(),
    })
    build(site)
    names = {p.name for p in (out(site) / "posts/trip").iterdir()}
    # sorted by name, "a.JPG" before "a.jpg"; the transparent PNG is 120 pixels wide
    assert {"a-jpg-310.jpg", "a-jpg-2-300.jpg", "a-png-120.png"} <= names


def test_a_theme_asking_for_an_image_that_is_not_there_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        POST + "index.md": post("Text.\n"),
        "themes/default/templates/post.html": '{% extends "default/post.html" %}'
                                              '{% block after_content %}\n'
                                              '{{ image("posts/trip/banner.jpg", "A banner") }}'
                                              "{% endblock %}\n",
    })
    result = build(site, ok=False)
    assert ("themes/default/templates/post.html:2: image('posts/trip/banner.jpg'): there is "
            "no such file in content/") in result.stderr


def test_an_authors_photo_is_a_picture_and_needs_alt_text(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "content/authors/ms-a.md": "---\nname: Ms A\n---\nHello.\n\n![](/people/ms-a.jpg)\n",
        "content/people/ms-a.jpg": photos.phone_jpeg(600, 600),
        POST + "index.md": post("Text.\n", front="author: ms-a\n"),
    })
    assert "content/authors/ms-a.md:6: warning: the image '/people/ms-a.jpg' has no alt " \
        "text" in build(site).stderr
    (img,) = parse(read(site, "authors/ms-a/index.html")).find("img")
    assert img["src"] == "/sub/people/ms-a-600.jpg"
    assert (img["width"], img["height"]) == ("600", "600")


# -- pictures for link previews --------------------------------------------------------------

DRAWING = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 315" width="600" '
           'height="315"><rect width="600" height="315" fill="#1d3557"/>'
           '<circle cx="300" cy="157" r="100" fill="#f4d35e"/></svg>\n')


def test_an_svg_cover_is_published_as_it_is_with_a_picture_for_previews(
        tmp_path: Path) -> None:
    site = make_site(tmp_path, {POST + "index.md": post("Text.\n", cover="wall.svg"),
                                POST + "wall.svg": DRAWING})
    build(site)
    folder = out(site) / "posts/trip"
    assert (folder / "wall.svg").read_text(encoding="utf-8") == DRAWING
    with Image.open(folder / "wall-preview.jpg") as preview:
        assert (preview.format, preview.size) == ("JPEG", (1200, 630))
        assert preview.getpixel((600, 315)) != preview.getpixel((5, 5))  # drawn, not blank
    assert photos.metadata_in((folder / "wall-preview.jpg").read_bytes()) == []
    (img,) = parse(read(site, "posts/trip/index.html")).find("img")
    assert (img["src"], img["width"], img["height"]) == ("/sub/posts/trip/wall.svg", "600",
                                                         "315")


def test_the_sites_own_picture_is_made_for_previews(tmp_path: Path) -> None:
    config = (make_site(tmp_path, {}) / "site.toml").read_text()
    site = make_site(tmp_path, {"content/images/school.svg": DRAWING,
                                POST + "index.md": post("Text.\n")},
                     config=config.replace('description = "A site for tests"\n',
                                           'description = "A site for tests"\n'
                                           'image = "images/school.svg"\n'
                                           'image_alt = "A yellow sun on blue"\n'))
    build(site)
    assert (out(site) / "images/school.svg").is_file()
    with Image.open(out(site) / "images/school-preview.jpg") as preview:
        assert preview.size == (1200, 630)
    without_alt = make_site(tmp_path / "b", {"content/images/school.svg": DRAWING},
                            config='image = "images/school.svg"\n' + config)
    result = run(without_alt, "build")
    assert result.exit_code == 2 and "site.toml" in result.stderr
    assert "image_alt is missing" in result.stderr
    missing = make_site(tmp_path / "c", {}, config=config.replace(
        'description = "A site for tests"\n', 'description = "A site for tests"\n'
        'image = "images/gone.jpg"\nimage_alt = "Gone"\n'))
    assert "site.toml: image: 'images/gone.jpg' is not a picture in content/" in \
        build(missing, ok=False).stderr


def test_a_drawings_preview_reads_no_file_it_names(tmp_path: Path) -> None:
    """An SVG may name any file on the computer building the site: its preview never
    shows one (a picture inside it, as data:, is drawn)."""
    secret = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), (0, 200, 0)).save(secret)
    inside = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 0, 0)).save(inside, "PNG")
    import base64

    data = "data:image/png;base64," + base64.b64encode(inside.getvalue()).decode()
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
           ' viewBox="0 0 200 100" width="200" height="100">'
           f'<image href="{secret}" x="0" y="0" width="100" height="100"/>'
           '<image xlink:href="secret.png" x="0" y="0" width="100" height="100"/>'
           f'<image href="{data}" x="100" y="0" width="100" height="100"/></svg>')
    site = make_site(tmp_path, {POST + "index.md": post("Text.\n", cover="leak.svg"),
                                POST + "leak.svg": svg, POST + "secret.png": secret.read_bytes()})
    build(site)
    with Image.open(out(site) / "posts/trip/leak-preview.jpg") as preview:
        left = preview.convert("RGB").getpixel((300, 300))
        right = preview.convert("RGB").getpixel((900, 300))
    assert isinstance(left, tuple) and isinstance(right, tuple)
    assert min(left) > 200  # white: the files it names are not drawn (green if they were)
    assert right[0] > 150 and right[1] < 80  # red: the picture inside it is


def test_a_drawing_too_tall_for_a_preview_is_an_error_not_a_crash(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        POST + "index.md": post("Text.\n", cover="tall.svg"),
        POST + "tall.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 100000">'
                           '<rect width="1" height="100000"/></svg>'})
    result = build(site, ok=False)
    assert f"{POST}tall.svg: this SVG drawing is far taller than it is wide" in result.stderr
