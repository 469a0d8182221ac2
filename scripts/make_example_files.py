"""(Re)write the downloadable files in the example site's resource bundles.

Every file named under ``files:`` in ``content/resources/*/index.md`` is made
here, with real classroom content: worksheets with real questions, slides with
real titles and bullet points, lesson plans with timings. The files are
committed, so this only needs running after changing what a file should say.

Run it from the repository root::

    pip install python-docx python-pptx fpdf2     # or: pip install -e ".[examples]"
    python scripts/make_example_files.py

Output is as deterministic as the libraries allow: PDF creation dates and
producer are fixed, Office core properties (author, dates, revision) are set
explicitly, and the ZIP containers of .docx and .pptx files are rewritten with
fixed timestamps, so running the script twice gives byte-identical files.
Each file must stay under 40 KB; the script stops with an error if one does not.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Cm, Pt
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as PptxPresentation
from pptx.util import Inches
from pptx.util import Pt as PptPt

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "content" / "resources"
MAX_BYTES = 40 * 1024
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
PRODUCER = "sharesite scripts/make_example_files.py"
SITE = "Northfield Learning Partnership"

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Meta:
    """Who made a file, when, and under which licence (written into its metadata)."""

    title: str
    author: str
    subject: str
    licence: str
    created: dt.datetime


def when(year: int, month: int, day: int) -> dt.datetime:
    """A fixed UTC time (08:00) on the given day, used for file metadata."""
    return dt.datetime(year, month, day, 8, 0, 0, tzinfo=dt.UTC)


# --------------------------------------------------------------------------- PDF


class Sheet(FPDF):
    """An A4 PDF with the partnership's footer and a few text helpers."""

    def __init__(self, meta: Meta, orientation: str = "P") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.meta = meta
        self.set_creation_date(meta.created)
        self.set_producer(PRODUCER)
        self.set_creator(PRODUCER)
        self.set_title(meta.title)
        self.set_author(meta.author)
        self.set_subject(meta.subject)
        self.set_keywords(f"{SITE}; licence {meta.licence}")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)

    def multi_cell(self, *args: Any, **kwargs: Any) -> Any:
        """Left-align wrapped text by default (fpdf2 justifies it, which reads badly)."""
        kwargs.setdefault("align", "L")
        return super().multi_cell(*args, **kwargs)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.set_text_color(80, 80, 80)
        self.cell(
            0,
            5,
            f"{self.meta.title} - {self.meta.author} - {SITE} - {self.meta.licence}"
            f" - page {self.page_no()}",
            align="C",
        )
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 18) -> None:
        self.set_font("helvetica", style="B", size=size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def subheading(self, text: str) -> None:
        self.ln(2)
        self.set_font("helvetica", style="B", size=13)
        self.multi_cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def para(self, text: str, size: int = 11) -> None:
        self.set_font("helvetica", size=size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def bullets(self, items: Sequence[str], size: int = 11) -> None:
        self.set_font("helvetica", size=size)
        for item in items:
            self.set_x(self.l_margin + 3)
            self.cell(5, size * 0.5, "-")
            self.multi_cell(0, size * 0.5, item, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def code(self, lines: Sequence[str]) -> None:
        self.set_font("courier", size=10)
        self.set_fill_color(242, 242, 242)
        for line in lines:
            self.cell(0, 5, line, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def write_box(self, label: str, height: float) -> None:
        """A labelled empty box for a pupil to write in."""
        self.set_font("helvetica", style="B", size=10)
        self.cell(0, 6, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.rect(self.l_margin, self.get_y(), self.epw, height)
        self.set_y(self.get_y() + height + 3)


def save_pdf(pdf: FPDF, path: Path) -> None:
    path.write_bytes(bytes(pdf.output()))


# ------------------------------------------------------------------ Office (zip)


THUMBNAIL = "docProps/thumbnail.jpeg"
THUMBNAIL_REL = re.compile(rb'<Relationship [^>]*Target="docProps/thumbnail\.jpeg"/>')


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a .docx/.pptx container with fixed timestamps and permissions.

    The libraries' stock preview thumbnail (a generic picture that does not show
    this document) is dropped, with its relationship, to keep the files small.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for item in src.infolist():
            if item.filename == THUMBNAIL:
                continue
            payload = src.read(item.filename)
            if item.filename == "_rels/.rels":
                payload = THUMBNAIL_REL.sub(b"", payload)
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, payload, compresslevel=9)
    return out.getvalue()


def new_docx(meta: Meta) -> DocxDocument:
    doc = Document()
    props = doc.core_properties
    props.title = meta.title
    props.author = meta.author
    props.last_modified_by = meta.author
    props.subject = meta.subject
    props.keywords = f"{SITE}; {meta.licence}"
    props.comments = f"Shared by the {SITE} under {meta.licence}."
    props.category = "Teaching resource"
    props.created = meta.created.replace(tzinfo=None)
    props.modified = meta.created.replace(tzinfo=None)
    props.last_printed = meta.created.replace(tzinfo=None)
    props.revision = 1
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    return doc


def docx_table(
    doc: DocxDocument,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float] = (),
) -> None:
    """A bordered table with a bold header row; widths default to equal shares of 16 cm."""
    widths = list(widths_cm) or [16 / len(header)] * len(header)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    doc.add_paragraph()


def docx_licence(doc: DocxDocument, meta: Meta) -> None:
    doc.add_paragraph(f"{meta.title}, by {meta.author}, {SITE}. Shared under {meta.licence}.").runs[
        0
    ].italic = True


def save_docx(doc: DocxDocument, path: Path) -> None:
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(normalise_zip(buffer.getvalue()))


def new_pptx(meta: Meta) -> PptxPresentation:
    prs = Presentation()  # the stock 4:3 template, whose layouts fit 10 x 7.5 inches
    props = prs.core_properties
    props.title = meta.title
    props.author = meta.author
    props.last_modified_by = meta.author
    props.subject = meta.subject
    props.keywords = f"{SITE}; {meta.licence}"
    props.comments = f"Shared by the {SITE} under {meta.licence}."
    props.category = "Teaching resource"
    props.created = meta.created.replace(tzinfo=None)
    props.modified = meta.created.replace(tzinfo=None)
    props.last_printed = meta.created.replace(tzinfo=None)
    props.revision = 1
    return prs


def title_slide(prs: PptxPresentation, title: str, subtitle: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = title
    slide.placeholders[1].text = subtitle


def bullet_slide(
    prs: PptxPresentation,
    title: str,
    bullets: Sequence[str],
    code: Sequence[str] = (),
    code_size: int = 20,
) -> None:
    """A title-and-content slide; `code` lines go in a monospaced box below the bullets."""
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = title
    body = slide.placeholders[1]
    body.left, body.top = Inches(0.5), Inches(1.6)
    body.width = Inches(9.0)
    body.height = Inches(2.4 if code else 5.4)
    frame = body.text_frame
    for index, text in enumerate(bullets):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.font.size = PptPt(24)
    if code:
        box = slide.shapes.add_textbox(Inches(0.7), Inches(4.1), Inches(8.6), Inches(3.0))
        code_frame = box.text_frame
        code_frame.word_wrap = True  # a wrapping box keeps the code left-aligned
        for index, line in enumerate(code):
            paragraph = code_frame.paragraphs[0] if index == 0 else code_frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            paragraph.alignment = PP_ALIGN.LEFT
            run.font.name = "Courier New"
            run.font.size = PptPt(code_size)


def save_pptx(prs: PptxPresentation, path: Path) -> None:
    buffer = io.BytesIO()
    prs.save(buffer)
    path.write_bytes(normalise_zip(buffer.getvalue()))


# ------------------------------------------------------------ fraction wall mats

FRACTION_ROWS: list[tuple[int, RGB]] = [
    (1, (244, 211, 94)),
    (2, (249, 150, 120)),
    (3, (170, 215, 110)),
    (4, (140, 205, 240)),
    (5, (250, 200, 140)),
    (6, (205, 185, 235)),
    (8, (247, 180, 150)),
    (10, (180, 225, 200)),
    (12, (230, 230, 160)),
]


def draw_wall(
    pdf: FPDF,
    rows: Sequence[tuple[int, RGB]],
    top: float,
    row_height: float,
    labelled: bool,
    font_size: int,
    line_width: float,
) -> float:
    """Draw fraction-wall rows from `top`; return the y just below the wall."""
    left, width = pdf.l_margin, pdf.epw
    pdf.set_line_width(line_width)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_font("helvetica", style="B", size=font_size)
    y = top
    for parts, colour in rows:
        pdf.set_fill_color(*colour)
        part_width = width / parts
        for k in range(parts):
            x = left + k * part_width
            pdf.rect(x, y, part_width, row_height, style="DF")
            if labelled:
                pdf.set_xy(x, y)
                pdf.cell(part_width, row_height, "1" if parts == 1 else f"1/{parts}", align="C")
        y += row_height
    return y


def fraction_wall_mats() -> None:
    folder = RESOURCES / "fraction-wall-mats"
    meta = Meta(
        "Fraction wall mats",
        "Adaeze Okafor",
        "Maths, KS2: fractions",
        "CC BY 4.0",
        when(2025, 9, 22),
    )
    pdf = Sheet(meta, orientation="L")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.heading("Fraction wall", size=20)
    pdf.para("Print at 100% (actual size) so that the rows line up exactly.", size=10)
    draw_wall(pdf, FRACTION_ROWS, 36, 16, labelled=True, font_size=11, line_width=0.5)
    pdf.add_page()
    pdf.heading("Fraction wall (blank)", size=20)
    pdf.para(
        "Write the fractions in yourself. Colour three quarters, then colour a different "
        "fraction that covers exactly the same length.",
        size=10,
    )
    draw_wall(pdf, FRACTION_ROWS, 36, 16, labelled=False, font_size=11, line_width=0.5)
    save_pdf(pdf, folder / "fraction-wall-mats.pdf")

    doc = new_docx(meta)
    doc.add_heading("Fraction wall mats: teacher notes", level=0)
    doc.add_paragraph(
        "The mats show one whole, then halves, thirds, quarters, fifths, sixths, eighths, "
        "tenths and twelfths. Page 1 is labelled; page 2 is blank. Give each pair one "
        "labelled mat in a plastic wallet and a whiteboard pen."
    )
    doc.add_heading("Before the lesson", level=1)
    for text in (
        "Print at 100% (actual size), not 'fit to page', or the rows stop lining up.",
        "If the class has not used a fraction wall before, build one from paper strips "
        "first: fold halves, quarters and eighths, then try thirds.",
        "Decide which rows you need. Covering the others with card helps pupils who find "
        "the full wall busy.",
    ):
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("Question bank", level=1)
    doc.add_paragraph(
        "The questions get harder as you go down. Answers are in brackets, with the most "
        "common wrong answer where there is one worth planning for."
    )
    levels: list[tuple[str, list[str]]] = [
        (
            "Level 1: compare by pointing",
            [
                "Which is bigger, 1/3 or 1/4? "
                "(1/3. Common wrong answer: 1/4, 'because 4 is bigger'.)",
                "Which is smaller, 1/6 or 1/8? (1/8.)",
                "How many quarters make one whole? (4.)",
                "How many tenths are the same as one half? (5.)",
                "Put these in order, smallest first: 1/2, 1/5, 1/3. (1/5, 1/3, 1/2.)",
                "Which is bigger, 2/3 or 3/4? (3/4.)",
                "Find a fraction on the wall that is the same as 1/3. (2/6 or 4/12.)",
                "How many twelfths are the same as one quarter? (3.)",
                "Which row has the most parts? Are its parts bigger or smaller than the others? "
                "(Twelfths; the smallest parts.)",
                "Is 5/10 more than, less than or equal to 1/2? (Equal.)",
            ],
        ),
        (
            "Level 2: equivalence",
            [
                "Find every fraction on the wall that is equal to 1/2. "
                "(2/4, 3/6, 4/8, 5/10, 6/12.)",
                "2/3 = ?/6 = ?/12 (4/6, 8/12.)",
                "3/4 = ?/8 = ?/12 (6/8, 9/12.)",
                "1/5 = ?/10 (2/10.)",
                "Which is bigger, 5/8 or 2/3? (2/3. Look carefully: it is close.)",
                "Which is bigger, 3/5 or 7/12? (3/5.)",
                "Colour 3/4 of the blank wall. Find two other fractions that cover exactly the "
                "same length. (6/8, 9/12.)",
                "What is left of the whole if you take away 1/3? (2/3.)",
                "Use the wall to work out 1/2 + 1/4. (3/4.)",
                "Use the wall to work out 1/3 + 1/6. (1/2, or 3/6.)",
            ],
        ),
        (
            "Level 3: reasoning",
            [
                "Amir says 1/8 is bigger than 1/6 because 8 is bigger than 6. Is he right? "
                "Explain using the wall. (No: more parts means each part is smaller.)",
                "Why do none of the lines in the thirds row line up with the quarters row, "
                "apart from the ends? (4 cannot be split into 3 equal groups of quarters.)",
                "Which rows have a line exactly where 1/3 ends? Why those? "
                "(Sixths and twelfths: 6 and 12 are multiples of 3.)",
                "Find a fraction that is bigger than 1/3 but smaller than 1/2. "
                "(For example 2/5 or 5/12.)",
                "Is 4/5 closer to 3/4 or to 1? (3/4.)",
                "Work out 5/6 - 1/3. (1/2.)",
                "Write these in order, largest first: 7/10, 3/4, 2/3. (3/4, 7/10, 2/3.)",
                "Sam ate 3/8 of a pizza and Jo ate 1/4. Who ate more, and how much more? "
                "(Sam, by 1/8.)",
                "How many other fractions on the wall are equal to 2/3? (Two: 4/6 and 8/12.)",
                "Make up a question about the wall that your partner can only answer by using "
                "the twelfths row.",
            ],
        ),
    ]
    for level, questions in levels:
        doc.add_heading(level, level=2)
        for question in questions:
            doc.add_paragraph(question, style="List Number")
    doc.add_heading("Watch out for", level=1)
    for text in (
        "Counting the dividing lines instead of the parts: ask pupils to touch each part.",
        "Comparing numerators only (3/5 and 3/4 'are the same because they both have 3').",
        "Pupils who can read the wall but not explain it: ask 'how do you know?' every time.",
    ):
        doc.add_paragraph(text, style="List Bullet")
    docx_licence(doc, meta)
    save_docx(doc, folder / "teacher-notes.docx")


def fraction_wall_large_print() -> None:
    folder = RESOURCES / "fraction-wall-mats-large-print"
    meta = Meta(
        "Fraction wall mats, large print",
        "Siobhan Brennan (adapted from Adaeze Okafor's Fraction wall mats)",
        "Maths, KS2: fractions (large print)",
        "CC BY 4.0",
        when(2026, 2, 23),
    )
    white: RGB = (255, 255, 255)
    pages = [
        ("Fraction wall, page 1: whole, halves, thirds, quarters", [1, 2, 3, 4]),
        ("Fraction wall, page 2: fifths, sixths, eighths", [5, 6, 8]),
    ]
    pdf = Sheet(meta, orientation="L")
    pdf.set_auto_page_break(auto=False)
    for title, parts in pages:
        pdf.add_page()
        pdf.heading(title, size=24)
        top = 40.0
        bottom = draw_wall(
            pdf, [(n, white) for n in parts], top, 34, labelled=True, font_size=28, line_width=2
        )
        # A thick black marker above and below the wall shows where one half falls.
        middle = pdf.l_margin + pdf.epw / 2
        pdf.set_fill_color(0, 0, 0)
        pdf.rect(middle - 2, top - 10, 4, 8, style="F")
        pdf.rect(middle - 2, bottom + 2, 4, 8, style="F")
        pdf.set_xy(middle + 4, bottom + 2)
        pdf.set_font("helvetica", style="B", size=20)
        pdf.cell(40, 8, "one half")
    save_pdf(pdf, folder / "fraction-wall-large-print.pdf")


# -------------------------------------------------------- KS3 retrieval grids

Question = tuple[str, str, str]  # question, answer, common wrong answer ("" if none)

COLUMNS = [
    ("A", "Last lesson", 1),
    ("B", "Last week", 2),
    ("C", "Last term", 3),
    ("D", "Year 7 or 8", 4),
]

GRIDS: list[tuple[str, list[list[Question]]]] = [
    (
        "Grid 1: atomic structure",
        [
            [
                ("What is the charge on an electron?", "Negative (-1).", "Positive."),
                ("Where in an atom are the neutrons?", "In the nucleus.", "Orbiting in shells."),
                (
                    "How does the mass of a proton compare with a neutron?",
                    "About the same (relative mass 1).",
                    "Much smaller.",
                ),
            ],
            [
                (
                    "What does the atomic number of an element tell you?",
                    "The number of protons in each atom.",
                    "The number of neutrons.",
                ),
                (
                    "Which group of the periodic table holds the noble gases?",
                    "Group 0 (also called group 8 or 18).",
                    "Group 1.",
                ),
                ("Give the chemical symbol for sodium.", "Na", "S or So."),
            ],
            [
                (
                    "Name the two products when a metal reacts with an acid.",
                    "A salt and hydrogen.",
                    "A salt and water.",
                ),
                (
                    "What is the test for hydrogen gas?",
                    "A lighted splint gives a squeaky pop.",
                    "A glowing splint relights (oxygen).",
                ),
                (
                    "Why does a balloon rubbed on a jumper stick to a wall?",
                    "Rubbing transfers electrons to the balloon; the charged balloon "
                    "attracts the wall.",
                    "It is magnetic.",
                ),
            ],
            [
                (
                    "What is the difference between an element and a compound?",
                    "An element has one type of atom; a compound has two or more elements "
                    "chemically joined.",
                    "A compound is a mixture.",
                ),
                (
                    "Describe the arrangement of particles in a solid.",
                    "Close together in a regular pattern, vibrating in fixed positions.",
                    "The particles do not move at all.",
                ),
                (
                    "Write the word equation for photosynthesis.",
                    "carbon dioxide + water -> glucose + oxygen",
                    "The respiration equation.",
                ),
            ],
        ],
    ),
    (
        "Grid 2: the periodic table",
        [
            [
                (
                    "What is produced when lithium reacts with water?",
                    "Lithium hydroxide and hydrogen.",
                    "Lithium oxide.",
                ),
                (
                    "Does reactivity increase or decrease going down group 1?",
                    "It increases.",
                    "It decreases (true for group 7).",
                ),
                (
                    "Why are group 1 metals stored under oil?",
                    "To stop them reacting with oxygen and water in the air.",
                    "",
                ),
            ],
            [
                ("How many electrons can the first shell hold?", "2", "8"),
                ("An atom has 11 protons. How many electrons does it have?", "11", "12 or 23."),
                (
                    "What is an isotope?",
                    "Atoms of the same element with different numbers of neutrons.",
                    "Different numbers of protons.",
                ),
            ],
            [
                ("What is the pH of a neutral solution?", "7", "0"),
                (
                    "What is the test for carbon dioxide?",
                    "It turns limewater milky.",
                    "A squeaky pop.",
                ),
                (
                    "In a closed system, how does the mass of the products compare with the "
                    "mass of the reactants?",
                    "It is the same (conservation of mass).",
                    "Less, because gas escapes (only in an open container).",
                ),
            ],
            [
                (
                    "What do we call a liquid turning into a gas below its boiling point?",
                    "Evaporation.",
                    "Condensation.",
                ),
                ("What is the unit of force?", "The newton (N).", "The kilogram."),
                (
                    "What happens in the mitochondria?",
                    "Aerobic respiration, which releases energy.",
                    "Energy is made.",
                ),
            ],
        ],
    ),
    (
        "Grid 3: electricity",
        [
            [
                (
                    "What is the current like at different points in a series circuit?",
                    "The same everywhere.",
                    "It is used up by each bulb.",
                ),
                (
                    "What does an ammeter measure, and how is it connected?",
                    "Current; in series.",
                    "In parallel.",
                ),
                (
                    "In a parallel circuit, one bulb breaks. What happens to the others?",
                    "They stay lit.",
                    "They all go out.",
                ),
            ],
            [
                ("What is the unit of potential difference?", "The volt (V).", "The amp."),
                (
                    "Which particles move when an object is charged by rubbing?",
                    "Electrons.",
                    "Protons.",
                ),
                (
                    "Two negatively charged balloons are held close. What happens?",
                    "They repel.",
                    "They attract.",
                ),
            ],
            [
                ("What is the charge on a proton?", "Positive (+1).", "Neutral."),
                (
                    "Name an element that is a liquid at room temperature.",
                    "Mercury or bromine.",
                    "Water (a compound).",
                ),
                ("What is the chemical formula of water?", "H2O", "HO2"),
            ],
            [
                (
                    "Write the equation linking speed, distance and time.",
                    "speed = distance / time",
                    "speed = distance x time",
                ),
                (
                    "Name the force that opposes motion when two surfaces rub.",
                    "Friction.",
                    "Gravity.",
                ),
                (
                    "What is the difference between mass and weight?",
                    "Mass is the amount of matter (kg); weight is the force of gravity on it (N).",
                    "They are the same thing.",
                ),
            ],
        ],
    ),
    (
        "Grid 4: energy",
        [
            [
                (
                    "Which energy store does a stretched spring have?",
                    "Elastic potential.",
                    "Kinetic.",
                ),
                (
                    "Which energy store increases when a ball is lifted?",
                    "Gravitational potential.",
                    "Kinetic.",
                ),
                (
                    "A kettle heats water. Which store of the water increases?",
                    "Thermal.",
                    "Electrical (a transfer, not a store).",
                ),
            ],
            [
                (
                    "What does resistance do in a circuit?",
                    "It reduces the current.",
                    "It stops the current completely.",
                ),
                (
                    "How is a voltmeter connected?",
                    "In parallel, across the component.",
                    "In series.",
                ),
                ("What is the unit of resistance?", "The ohm.", "The volt."),
            ],
            [
                (
                    "What type of reaction gives out energy to the surroundings?",
                    "Exothermic.",
                    "Endothermic.",
                ),
                ("What is formed when a metal reacts with oxygen?", "A metal oxide.", "A salt."),
                (
                    "Give one sign that a chemical reaction has happened.",
                    "Gas given off, colour change, temperature change or a precipitate.",
                    "Something melts (a physical change).",
                ),
            ],
            [
                (
                    "State the law of conservation of energy.",
                    "Energy cannot be created or destroyed, only transferred between stores.",
                    "Energy is used up.",
                ),
                (
                    "Name two renewable energy resources.",
                    "Any two of: wind, solar, hydroelectric, tidal, wave, geothermal, biomass.",
                    "Coal or gas.",
                ),
                (
                    "Which part of a plant cell absorbs light for photosynthesis?",
                    "The chloroplasts (containing chlorophyll).",
                    "The cell wall.",
                ),
            ],
        ],
    ),
]


def retrieval_grids() -> None:
    folder = RESOURCES / "retrieval-grids-ks3-science"
    meta = Meta(
        "KS3 science retrieval grids",
        "David Adeyemi",
        "Science, KS3: retrieval practice",
        "CC BY 4.0",
        when(2025, 10, 3),
    )
    pdf = Sheet(meta)
    pdf.set_auto_page_break(auto=False)
    column_width = pdf.epw / 4
    box_height = 52.0
    for title, columns in GRIDS:
        pdf.add_page()
        pdf.heading(f"Year 9 science retrieval {title.lower()}", size=16)
        pdf.set_font("helvetica", size=10)
        pdf.cell(
            0,
            6,
            "Name: ______________________   Date: ____________   "
            "8 minutes, in silence. Choose your questions.",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(2)
        top = pdf.get_y()
        pdf.set_fill_color(225, 235, 245)
        for index, (letter, label, points) in enumerate(COLUMNS):
            pdf.set_xy(pdf.l_margin + index * column_width, top)
            pdf.set_font("helvetica", style="B", size=10)
            plural = "point" if points == 1 else "points"
            pdf.multi_cell(
                column_width,
                5,
                f"{letter}: {label}\n{points} {plural} each",
                border=1,
                align="C",
                fill=True,
            )
        top += 10
        number = 1
        for row in range(3):
            for index in range(4):
                question = columns[index][row][0]
                x = pdf.l_margin + index * column_width
                y = top + row * box_height
                pdf.rect(x, y, column_width, box_height)
                pdf.set_xy(x + 1, y + 1)
                pdf.set_font("helvetica", size=9)
                pdf.multi_cell(column_width - 2, 4.2, f"{number + index * 3}. {question}")
            number += 1
        pdf.set_xy(pdf.l_margin, top + 3 * box_height + 4)
        pdf.set_font("helvetica", style="B", size=11)
        pdf.cell(0, 7, "My total: ______ / 30", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(
            0,
            5,
            "Connect challenge (if you finish early): pick two answers from "
            "different columns and explain how they are linked.",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.rect(pdf.l_margin, pdf.get_y() + 1, pdf.epw, 22)
    save_pdf(pdf, folder / "retrieval-grids.pdf")

    doc = new_docx(meta)
    doc.add_heading("KS3 science retrieval grids: answers", level=0)
    doc.add_paragraph(
        "Read the answers out quickly and let pupils mark their own in green pen. Stop on "
        "the one question most of the room got wrong. The third column gives the wrong "
        "answer we see most often, so you can deal with it in a sentence."
    )
    for title, columns in GRIDS:
        doc.add_heading(title, level=1)
        rows: list[list[str]] = []
        for index, (letter, _label, points) in enumerate(COLUMNS):
            for offset, (question, answer, wrong) in enumerate(columns[index]):
                rows.append(
                    [
                        f"{index * 3 + offset + 1} ({letter}, {points})",
                        question,
                        answer,
                        wrong or "-",
                    ]
                )
        docx_table(
            doc,
            ["Q (column, points)", "Question", "Answer", "Common wrong answer"],
            rows,
            (2.6, 5.4, 4.6, 3.4),
        )
    docx_licence(doc, meta)
    save_docx(doc, folder / "answers.docx")


# ------------------------------------------------------ café conversation cards

MENU: list[tuple[str, list[tuple[str, int]]]] = [
    (
        "Boissons",
        [
            ("un chocolat chaud", 3),
            ("un jus d'orange", 2),
            ("une limonade", 2),
            ("un thé", 2),
            ("un café", 2),
        ],
    ),
    (
        "À manger",
        [
            ("un croissant", 2),
            ("un pain au chocolat", 2),
            ("un croque-monsieur (jambon et fromage)", 5),
            ("une crêpe au sucre", 3),
            ("une crêpe au fromage", 4),
            ("une omelette aux champignons", 5),
            ("un sandwich au poulet", 5),
            ("une salade verte", 4),
        ],
    ),
    ("Desserts", [("une glace à la vanille", 3), ("un gâteau au chocolat", 4)]),
]

ROLE_CARDS: list[tuple[str, str]] = [
    ("Tu es végétarien(ne).", "You are vegetarian."),
    ("Tu as seulement 6 euros.", "You only have 6 euros."),
    ("Tu détestes le fromage.", "You hate cheese."),
    ("Tu as très soif : tu veux deux boissons.", "You are very thirsty: you want two drinks."),
    ("Tu n'aimes pas le chocolat.", "You don't like chocolate."),
    ("Tu veux quelque chose de chaud.", "You want something hot."),
    ("Tu as 10 euros : tu veux manger ET boire.", "You have 10 euros: you want food AND a drink."),
    ("Tu adores les crêpes.", "You love pancakes."),
    ("Tu as faim mais tu as seulement 4 euros.", "You are hungry but only have 4 euros."),
    ("Difficile ! Tu changes d'avis deux fois.", "Difficult! You change your mind twice."),
    (
        "Difficile ! Ton sandwich n'est pas bon. Tu demandes autre chose.",
        "Difficult! Your sandwich is not nice. Ask for something else.",
    ),
    (
        "Difficile ! L'addition n'est pas correcte. Tu le dis au serveur.",
        "Difficult! The bill is wrong. Tell the waiter.",
    ),
]


def cafe_cards() -> None:
    folder = RESOURCES / "cafe-conversation-cards"
    meta = Meta(
        "Café conversation cards",
        "Claire Laurent",
        "French, KS3: ordering in a café",
        "CC BY-NC-SA 4.0",
        when(2025, 10, 17),
    )
    pdf = Sheet(meta)
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=30)
    pdf.cell(0, 16, "Café Lumière", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", style="I", size=12)
    pdf.cell(0, 8, "La carte", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    for section, items in MENU:
        pdf.set_font("helvetica", style="B", size=16)
        pdf.cell(0, 10, section, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("helvetica", size=13)
        for name, price in items:
            pdf.cell(pdf.epw - 30, 8, name)
            pdf.cell(30, 8, f"{price} euros", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
    pdf.ln(4)
    pdf.set_font("helvetica", style="I", size=11)
    pdf.multi_cell(
        0,
        6,
        "Pour commander : Je voudrais ..., s'il vous plaît.\n"
        "Pour payer : L'addition, s'il vous plaît.",
        align="C",
    )

    card_width, card_height = pdf.epw / 2, 80.0
    for start in (0, 6):
        pdf.add_page()
        pdf.set_auto_page_break(auto=False)
        pdf.set_dash_pattern(dash=2, gap=2)
        for slot in range(6):
            number = start + slot
            french, english = ROLE_CARDS[number]
            x = pdf.l_margin + (slot % 2) * card_width
            y = 15 + (slot // 2) * card_height
            pdf.rect(x, y, card_width, card_height)
            pdf.set_xy(x + 4, y + 5)
            pdf.set_font("helvetica", style="B", size=14)
            pdf.cell(card_width - 8, 8, f"Client {number + 1}  -  ton secret")
            pdf.set_xy(x + 4, y + 18)
            pdf.set_font("helvetica", style="B", size=16)
            pdf.multi_cell(card_width - 8, 8, french)
            pdf.set_xy(x + 4, y + 47)
            pdf.set_font("helvetica", style="I", size=11)
            pdf.multi_cell(card_width - 8, 6, f"({english})")
            pdf.set_xy(x + 4, y + 64)
            pdf.set_font("helvetica", size=11)
            pdf.multi_cell(
                card_width - 8,
                6,
                "Ne montre pas ta carte ! Commence par : Bonjour ! Je voudrais ...",
            )
        pdf.set_dash_pattern()
    save_pdf(pdf, folder / "cafe-cards.pdf")

    prs = new_pptx(meta)
    title_slide(prs, "Café Lumière", "Year 7 French: ordering in a café")
    bullet_slide(
        prs,
        "Sentence builder: ordering",
        [
            "Je voudrais ... / Pour moi, ...",
            "un croissant / une crêpe au sucre / un croque-monsieur",
            "et un chocolat chaud / et une limonade",
            "s'il vous plaît. Merci !",
        ],
    )
    bullet_slide(
        prs,
        "What the waiter asks",
        [
            "Vous désirez ?  (What would you like?)",
            "Et comme boisson ?  (And to drink?)",
            "Vous aimez le fromage ?  Vous êtes végétarien(ne) ?",
            "C'est tout ?  (Is that all?)",
            "Ça fait ... euros.  (That comes to ... euros.)",
        ],
    )
    bullet_slide(
        prs,
        "Repair phrases (bonus point!)",
        [
            "Pardon ?  (Sorry?)",
            "Vous pouvez répéter, s'il vous plaît ?  (Can you say that again, please?)",
            "Plus lentement, s'il vous plaît.  (More slowly, please.)",
            "Je ne comprends pas.  (I don't understand.)",
            "Comment dit-on ... en français ?  (How do you say ... in French?)",
        ],
    )
    bullet_slide(
        prs,
        "Round one: how it works",
        [
            "Customers: take a role card. Keep your secret!",
            "Waiters: take an order pad. Find out each customer's secret by asking questions.",
            "Write every order on the pad, in French.",
            "Hold up your card to call the waiter.",
            "25 minutes. French only!",
        ],
    )
    bullet_slide(
        prs,
        "Swap!",
        [
            "Waiters become customers; customers become waiters.",
            "Take a new role card, and keep it secret.",
            "Customers: ask for the bill. L'addition, s'il vous plaît.",
            "Waiters: Ça fait ... euros.",
        ],
    )
    bullet_slide(
        prs,
        "Reflection: from memory",
        [
            "Write three things a waiter said.",
            "Write three things a customer said.",
            "Underline a repair phrase you used.",
            "What would you say differently next time?",
        ],
    )
    save_pptx(prs, folder / "cafe-slides.pptx")


# ----------------------------------------------------------- turtle graphics

POLYGON_CODE = [
    "import turtle",
    "",
    "pen = turtle.Turtle()",
    "sides = 6",
    "length = 80",
    "",
    "for side in range(sides):",
    "    pen.forward(length)",
    "    pen.left(360 / sides)",
    "",
    "turtle.done()",
]


# The hinge question's four options: A turns by the interior angle, B turns
# outside the loop, C is right, D swaps the numbers.
HINGE_OPTIONS = {
    "A": ["for i in range(5):", "    pen.forward(100)", "    pen.left(108)"],
    "B": ["for i in range(5):", "    pen.forward(100)", "pen.left(72)"],
    "C": ["for i in range(5):", "    pen.forward(100)", "    pen.left(72)"],
    "D": ["for i in range(72):", "    pen.forward(100)", "    pen.left(5)"],
}


def side_by_side(left: str, right: str, width: int = 28) -> list[str]:
    """Two labelled code snippets in columns, keeping each one's indentation exact."""
    lines = []
    for index, (a, b) in enumerate(zip(HINGE_OPTIONS[left], HINGE_OPTIONS[right], strict=True)):
        prefix_a = f"{left}: " if index == 0 else "   "
        prefix_b = f"{right}: " if index == 0 else "   "
        lines.append(f"{prefix_a}{a}".ljust(width) + f"{prefix_b}{b}")
    return lines


HINGE_CODE = [*side_by_side("A", "B"), "", *side_by_side("C", "D")]


def turtle_lesson() -> None:
    folder = RESOURCES / "turtle-graphics-lesson"
    meta = Meta(
        "Loops with turtle graphics",
        "Rohan Patel",
        "Computing, KS3: for-loops in Python",
        "CC BY-SA 4.0",
        when(2025, 11, 5),
    )

    doc = new_docx(meta)
    doc.add_heading("Loops with turtle graphics: lesson plan", level=0)
    doc.add_paragraph(
        "Year 8, two 60-minute lessons. Prior knowledge: sequence, variables, input and "
        "output in Python. Structure: PRIMM (predict, run, investigate, modify, make)."
    )
    doc.add_heading("Objectives", level=1)
    for text in (
        "Use a for-loop to repeat a block of code a set number of times.",
        "Explain why the turtle turns by the exterior angle, 360 divided by the number of sides.",
        "Use indentation to show which lines belong inside a loop.",
        "Write a program with a loop inside a loop.",
    ):
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("Lesson 1: predict, run, investigate", level=1)
    docx_table(
        doc,
        ["Time", "Activity", "Notes"],
        [
            [
                "0-5 min",
                "Do now: draw a square with no loop (8 lines).",
                "Almost everyone succeeds. Ask: how many lines for a hexagon?",
            ],
            [
                "5-15 min",
                "Predict: pupils read the loop program on slide 3 and sketch what it will draw.",
                "Sketch in pencil on the worksheet. No computers yet.",
            ],
            [
                "15-25 min",
                "Run: type and run the program. Compare with the prediction.",
                "Check everyone is running a file, not typing into the shell.",
            ],
            [
                "25-45 min",
                "Investigate: change sides to 3, 5, 8 and 20; fill in the table.",
                "Circulate. Look for pupils turning by the interior angle.",
            ],
            [
                "45-55 min",
                "Discuss: why does 20 sides look like a circle? Why 360 / sides?",
                "Walk the route of a hexagon round the room to show the turn.",
            ],
            [
                "55-60 min",
                "Exit question: how far does the turtle turn to draw a pentagon?",
                "Answer: 72 degrees. Note who says 108.",
            ],
        ],
        (2.4, 7.3, 6.3),
    )
    doc.add_heading("Lesson 2: modify and make", level=1)
    docx_table(
        doc,
        ["Time", "Activity", "Notes"],
        [
            [
                "0-5 min",
                "Retrieval: three questions on last lesson (slide 8).",
                "Include one on indentation.",
            ],
            [
                "5-15 min",
                "Modify: change the program to draw every polygon from 3 to 10 sides.",
                "Hint on request: a loop inside a loop.",
            ],
            [
                "15-20 min",
                "Hinge question (slide 9): which program draws a pentagon?",
                "A = interior angle, B = turn outside the loop, D = numbers swapped. "
                "Reteach to anyone who chose A or B.",
            ],
            [
                "20-50 min",
                "Make: design a pattern with a nested loop. Extension: a star (144).",
                "Pupils save screenshots of their pattern for the gallery.",
            ],
            [
                "50-60 min",
                "Gallery and exit ticket: explain one line of your program to a partner.",
                "Pick two programs to show on the board.",
            ],
        ],
        (2.4, 7.3, 6.3),
    )
    doc.add_heading("Misconceptions to plan for", level=1)
    for text in (
        "Turning by the interior angle: a hexagon drawn with left(120) comes out as a triangle.",
        "Putting the turn outside the loop: the turtle draws one long straight line.",
        "Believing the loop variable must be used inside the loop.",
        "Typing code into the interactive shell line by line instead of running a file.",
    ):
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("Differentiation", level=1)
    for text in (
        "Support: a partly written program on the worksheet with gaps to fill in.",
        "Challenge: draw a star and explain why 144 degrees works.",
        "Access: larger editor font; no mouse work is needed.",
    ):
        doc.add_paragraph(text, style="List Bullet")
    docx_licence(doc, meta)
    save_docx(doc, folder / "lesson-plan.docx")

    prs = new_pptx(meta)
    title_slide(prs, "Loops with turtle graphics", "Year 8 computing: lessons 1 and 2")
    bullet_slide(
        prs,
        "Do now: draw a square",
        [
            "Open a new file in your editor and save it as square.py.",
            "Use pen.forward(100) and pen.left(90).",
            "How many lines did you need? How many for a hexagon?",
        ],
        code=[
            "import turtle",
            "pen = turtle.Turtle()",
            "pen.forward(100)",
            "pen.left(90)",
            "# ... and so on",
        ],
    )
    bullet_slide(
        prs,
        "Predict",
        [
            "Read this program. Do not run it yet.",
            "Sketch what you think it will draw.",
        ],
        code=POLYGON_CODE[3:9],
    )
    bullet_slide(
        prs,
        "Run",
        [
            "Type the program into a file and run it.",
            "Was your prediction right? What surprised you?",
            "The turtle window may open behind the editor: check the taskbar.",
        ],
    )
    bullet_slide(
        prs,
        "Investigate",
        [
            "Change sides to 3, 5, 8 and 20. Fill in the table on your worksheet.",
            "What is 360 / sides doing?",
            "Why does a 20-sided shape look like a circle?",
        ],
    )
    bullet_slide(
        prs,
        "Turn by the exterior angle",
        [
            "Walk round the shape: at each corner, how far do you turn?",
            "All the turns add up to one full turn: 360 degrees.",
            "Exterior angle = 360 / number of sides.",
            "Hexagon: interior angle 120 degrees, but the turtle turns 60.",
        ],
    )
    bullet_slide(
        prs,
        "Lesson 2: modify",
        [
            "Change your program to draw every regular polygon from 3 to 10 sides.",
            "Hint: you can put a loop inside a loop.",
        ],
        code=[
            "for sides in range(3, 11):",
            "    for side in range(sides):",
            "        ...  # what goes here?",
        ],
    )
    bullet_slide(
        prs,
        "Retrieval: last lesson",
        [
            "1. What does range(6) give you?",
            "2. How far does the turtle turn to draw a square?",
            "3. How does Python know which lines are inside the loop?",
        ],
    )
    bullet_slide(
        prs,
        "Hinge: which draws a pentagon?",
        [
            "Hold up A, B, C or D.",
        ],
        code=HINGE_CODE,
        code_size=18,
    )
    bullet_slide(
        prs,
        "Make: your own pattern",
        [
            "Design a pattern that uses a loop inside a loop.",
            "Change the colour with pen.color('blue') inside the outer loop.",
            "Challenge: draw a five-pointed star. Why does a turn of 144 degrees work?",
            "Take a screenshot of your pattern for the gallery.",
        ],
    )
    bullet_slide(
        prs,
        "Exit ticket",
        [
            "Explain one line of your program to your partner.",
            "Write one sentence: what does a for-loop let you do?",
        ],
    )
    save_pptx(prs, folder / "turtle-slides.pptx")

    pdf = Sheet(meta)
    pdf.add_page()
    pdf.heading("Loops with turtle graphics: worksheet")
    pdf.para("Name: ______________________   Class: ________")
    pdf.subheading("1. Predict")
    pdf.para("Read the program below. Do not run it yet. Sketch what you think it will draw.")
    pdf.code(POLYGON_CODE)
    pdf.write_box("My prediction (sketch):", 40)
    pdf.subheading("2. Run")
    pdf.para(
        "Type the program into a new file, save it as shapes.py and run it. "
        "Was your prediction right? What was different?"
    )
    pdf.write_box("What happened:", 18)
    pdf.add_page()
    pdf.subheading("3. Investigate")
    pdf.para("Change the value of sides and run the program each time. Fill in the table.")
    pdf.set_font("helvetica", style="B", size=11)
    widths = (30, 45, pdf.epw - 75)
    for width, text in zip(widths, ("sides", "360 / sides", "What did it draw?"), strict=True):
        pdf.cell(width, 8, text, border=1, align="C")
    pdf.ln(8)
    pdf.set_font("helvetica", size=11)
    for sides in ("3", "5", "8", "20"):
        pdf.cell(widths[0], 9, sides, border=1, align="C")
        pdf.cell(widths[1], 9, "", border=1)
        pdf.cell(widths[2], 9, "", border=1, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.write_box("Why does the 20-sided shape look like a circle?", 16)
    pdf.subheading("4. Modify")
    pdf.bullets(
        [
            "Change the program so that it draws a triangle with sides of length 150.",
            "Make the turtle draw every regular polygon from 3 to 10 sides, one on top of "
            "another. You will need a loop inside a loop.",
        ]
    )
    pdf.para("Stuck? Fill in the gaps:")
    pdf.code(
        [
            "for sides in range(3, 11):",
            "    for side in range(_____):",
            "        pen.forward(60)",
            "        pen.left(_____ / sides)",
        ]
    )
    pdf.subheading("5. Make")
    pdf.bullets(
        [
            "Design your own pattern using a loop inside a loop. "
            "Use pen.color() to change colours.",
            "Challenge: draw a five-pointed star. It needs a turn of 144 degrees. Explain why.",
        ]
    )
    save_pdf(pdf, folder / "turtle-worksheet.pdf")


# ------------------------------------------------------- phonics catch-up plan

WORD_SETS: list[tuple[str, str, str]] = [
    ("ai", "rain, tail, paint, snail, chain", "zaip, vaid, chaim, blaip, taif"),
    ("ee", "feet, sheep, green, sleep, week", "meep, jeek, pleet, zeem, sheeb"),
    ("igh", "night, light, high, bright, sigh", "bigh, kight, zight, vight, chigh"),
    ("oa", "boat, coat, road, soap, toad", "voat, zoad, shoap, ploam, joad"),
    ("oo", "moon, food, spoon, zoo, roof", "joop, vood, shoom, floob, noop"),
    ("ar", "car, park, farm, shark, star", "zarp, varm, jark, sharb, tharn"),
    ("or", "fork, corn, storm, sport, short", "vorn, jort, zorp, gorb, morp"),
    ("ur", "turn, burn, hurt, church, surf", "vurn, zurt, jurp, nurb, kurm"),
    ("ow", "cow, down, town, owl, brown", "vown, zowt, bowp, mowk, plown"),
    ("oi", "coin, oil, soil, join, point", "zoin, vois, foip, moib, choit"),
]

# Graphemes for the sound check, one printed row per string.
PHASE_3 = ("j v w x y z zz qu ch", "sh th ng ai ee igh oa oo ar", "or ur ow oi ear air er")
PHASE_5 = ("ay ou ie ea oy ir ue aw wh", "ph ew oe au a-e e-e i-e o-e u-e")


def phonics_plan() -> None:
    folder = RESOURCES / "phonics-catch-up-plan"
    meta = Meta(
        "Six-week phonics catch-up plan",
        "Gwen Hughes",
        "Phonics, KS1: catch-up",
        "CC BY-NC 4.0",
        when(2025, 9, 29),
    )
    doc = new_docx(meta)
    doc.add_heading("Six-week phonics catch-up plan for Year 2", level=0)
    doc.add_paragraph(
        "For Year 2 children who did not reach the threshold in the phonics screening check. "
        "Fifteen minutes a day, in groups of three or four, grouped by the sounds each child "
        "still needs, not by score. Start with the one-to-one sound check."
    )
    doc.add_heading("The daily session (15 minutes)", level=1)
    docx_table(
        doc,
        ["Step", "Minutes", "What happens"],
        [
            ["Revisit", "2", "Flash cards of known sounds, fast."],
            [
                "Teach",
                "3",
                "One new grapheme, or one the group keeps confusing, with the "
                "mnemonic from your scheme.",
            ],
            ["Practise", "5", "Read words on the whiteboard; write three from dictation."],
            [
                "Apply",
                "5",
                "Read one or two sentences aloud, then a page of a decodable book "
                "matched to the group's sounds.",
            ],
        ],
        (2.5, 2.0, 11.5),
    )
    doc.add_heading("Week by week", level=1)
    doc.add_paragraph(
        "Three typical groups. Expect to change the plan after the first Friday review."
    )
    docx_table(
        doc,
        [
            "Week",
            "Group 1: Phase 3 vowel digraphs",
            "Group 2: blending longer words",
            "Group 3: alternative spellings",
        ],
        [
            ["1", "ai, ee, igh", "CVCC and CCVC words (milk, frog)", "ay, a-e (for ai)"],
            ["2", "oa, oo (long and short)", "CCVCC words (crisp, stamp)", "ea, e-e, y (for ee)"],
            ["3", "ar, or, ur", "Two-syllable words (rocket, sandwich)", "ie, i-e, y (for igh)"],
            [
                "4",
                "ow, oi, ear",
                "Two syllables with digraphs (rainbow, farmyard)",
                "ow, o-e, oe (for oa)",
            ],
            [
                "5",
                "air, er; review",
                "Re-reading decodable text for fluency",
                "ew, ue, u-e (for oo)",
            ],
            ["6", "Review all; re-check", "Pseudo-words; re-check", "Review all; re-check"],
        ],
        (1.5, 4.5, 5.5, 4.5),
    )
    doc.add_heading("Every Friday", level=1)
    for text in (
        "Look at the hesitation grid on the back of the group folder.",
        "Choose Monday's 'teach' sound from the sounds most children hesitated on.",
        "Check each child's decodable book still matches the sounds they know.",
    ):
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("Timetabling", level=1)
    doc.add_paragraph(
        "Stagger the groups across the day so that no child misses the same lesson more "
        "than once a week. In our first week, running every group at 9:05 meant the same "
        "children missed the start of English every day."
    )
    docx_licence(doc, meta)
    save_docx(doc, folder / "six-week-plan.docx")

    pdf = Sheet(meta)
    pdf.add_page()
    pdf.heading("Phonics sound check (one-to-one)")
    pdf.para("Child: ______________________   Date: ____________   Adult: ____________")
    pdf.para(
        "Part 1. Ask the child to say the sound for each grapheme. Tick if secure, "
        "write H if they hesitate, leave blank if not known.",
        size=10,
    )
    for label, graphemes in (("Phase 3", PHASE_3), ("Phase 5", PHASE_5)):
        pdf.subheading(label)
        pdf.set_font("helvetica", style="B", size=14)
        cell = pdf.epw / 9
        for row in graphemes:
            chunk = row.split()
            for grapheme in chunk:
                pdf.cell(cell, 10, grapheme, border=1, align="C")
            pdf.ln(10)
            for _ in chunk:
                pdf.cell(cell, 7, "", border=1)
            pdf.ln(9)
    pdf.add_page()
    pdf.heading("Part 2. Words for the wobbly sounds", size=15)
    pdf.para(
        "For each grapheme the child was unsure of, ask them to read the five real "
        "words, then the five pseudo-words ('alien words'). Circle any they misread.",
        size=10,
    )
    pdf.set_font("helvetica", style="B", size=11)
    widths = (20, 80, pdf.epw - 100)
    for width, text in zip(widths, ("Sound", "Real words", "Pseudo-words"), strict=True):
        pdf.cell(width, 8, text, border=1, align="C")
    pdf.ln(8)
    pdf.set_font("helvetica", size=11)
    for sound, real, pseudo in WORD_SETS:
        pdf.cell(widths[0], 9, sound, border=1, align="C")
        pdf.cell(widths[1], 9, real, border=1)
        pdf.cell(widths[2], 9, pseudo, border=1, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.write_box("Sounds to teach first (group this child with others who need them):", 25)
    pdf.write_box("Notes (blending, fluency, confidence):", 25)
    save_pdf(pdf, folder / "sound-check.pdf")


# ------------------------------------------------------- home reading guide


def home_reading_guide() -> None:
    folder = RESOURCES / "home-reading-guide"
    meta = Meta(
        "Reading at home: a guide for families",
        "Siobhan Brennan",
        "Early reading at home",
        "CC0 1.0 (public domain)",
        when(2026, 2, 9),
    )
    pdf = Sheet(meta)
    pdf.add_page()
    pdf.heading("Reading at home: a guide for families", size=20)
    pdf.para(
        "Thank you for reading with your child. Ten minutes a day makes a real "
        "difference, and it should be a nice ten minutes. This guide explains how.",
        size=12,
    )
    pdf.subheading("Two books come home")
    pdf.bullets(
        [
            "The reading book (sometimes called a decodable book) uses only the sounds your "
            "child has learned in school. They have already read it once with an adult in "
            "school. Your child reads this one to you.",
            "The library book is for you to read to your child, just for fun. There is no "
            "need to sound anything out. Talk about the pictures, do the voices, enjoy it.",
        ],
        size=12,
    )
    pdf.subheading("When your child gets stuck on a word")
    pdf.bullets(
        [
            'Point to the word and say: "Sound it out."',
            "Let them say each sound, then blend them together: c - a - t, cat.",
            "If it still does not work after a couple of tries, just tell them the word and "
            "carry on. That is fine!",
            "Try not to cover the pictures or ask them to guess. We want them to use the sounds.",
        ],
        size=12,
    )
    pdf.subheading("Keep it happy")
    pdf.bullets(
        [
            "Choose a time when you are both not too tired. Before tea often works better "
            "than bedtime.",
            "Stop while it is still going well. Ten minutes is plenty.",
            "Reading the same book again is good: it helps your child read more smoothly.",
            'Praise the effort: "You sounded out that tricky word all by yourself!"',
        ],
        size=12,
    )
    pdf.add_page()
    pdf.subheading("The reading record")
    pdf.para("You do not need to write a comment. Just tick one box:", size=12)
    pdf.set_font("helvetica", style="B", size=14)
    for choice in ("Yes, they enjoyed it", "A bit", "Not today"):
        pdf.cell(8, 8, "", border=1)
        pdf.cell(60, 8, f"  {choice}")
    pdf.ln(12)
    pdf.para(
        'If you tick "Not today" twice in a row, your child\'s teacher will have a '
        "quick chat with you to see what might help.",
        size=12,
    )
    pdf.subheading("Saying the sounds")
    pdf.para(
        'Say the sounds short and clean: "mmm", "sss", "t", not "muh", '
        '"suh", "tuh". The extra "uh" makes blending harder. Your child\'s school '
        "may have a short video showing how; ask the class teacher.",
        size=12,
    )
    pdf.subheading("Questions?")
    pdf.para(
        "Please ask. There is no such thing as a silly question about reading, and "
        "we would much rather help than have reading become a battle at home.",
        size=12,
    )
    pdf.ln(3)
    pdf.write_box("Your school's name and contact details:", 35)
    pdf.set_font("helvetica", style="I", size=9)
    pdf.multi_cell(
        0,
        4.5,
        "This guide is in the public domain (CC0 1.0). Schools may copy, "
        "change and translate it freely, with no need to credit anyone.",
    )
    save_pdf(pdf, folder / "home-reading-guide.pdf")


# ------------------------------------------------------------------- main

MAKERS: list[Callable[[], None]] = [
    fraction_wall_mats,
    fraction_wall_large_print,
    retrieval_grids,
    cafe_cards,
    turtle_lesson,
    phonics_plan,
    home_reading_guide,
]


def main() -> int:
    """Write every file; report their sizes; fail if one is over the size limit."""
    for make in MAKERS:
        make()
    too_big = False
    for path in sorted(RESOURCES.glob("*/*")):
        if path.suffix not in {".pdf", ".docx", ".pptx"}:
            continue
        size = path.stat().st_size
        flag = "  TOO BIG" if size > MAX_BYTES else ""
        too_big = too_big or bool(flag)
        print(f"{size:7d}  {path.relative_to(ROOT)}{flag}")
    if too_big:
        print(f"error: every file must be under {MAX_BYTES} bytes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
