"""(Re)write the downloadable files of the example's peer sites (examples/*/content/resources).

Each file is a small text-only PDF written by hand here (no library needed, no metadata
but a title, no dates), so running it twice gives byte-identical files. Run it from the
repository root after changing what a file should say:

    python examples/make_files.py
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def pdf(title: str, pages: list[list[str]]) -> bytes:
    """An A4 PDF: each page a list of lines (a line starting with "# " is a heading)."""
    objects: list[bytes] = []
    kids = []
    for number, lines in enumerate(pages):
        ops = ["BT", "50 790 Td"]
        for line in lines:
            size, text = (16, line[2:]) if line.startswith("# ") else (11, line)
            safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops += [f"/F{1 if size == 16 else 2} {size} Tf", f"({safe}) Tj",
                    f"0 -{size + 7} Td"]
        ops += ["/F2 8 Tf", f"0 -20 Td ({title} - page {number + 1} - CC BY 4.0) Tj", "ET"]
        stream = "\n".join(ops).encode("latin-1")
        content = len(objects) + 1
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(len(objects) + 1)
        objects.append(b"<< /Type /Page /Parent PAGES /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 FONT1 /F2 FONT2 >> >> "
                       b"/Contents %d 0 R >>" % content)
    font1, font2, pages_id, catalog, info = (len(objects) + n for n in range(1, 6))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>"
                   % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    objects.append(b"<< /Title (%s) >>" % title.encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        body = body.replace(b"PAGES", b"%d 0 R" % pages_id)
        body = body.replace(b"FONT1", b"%d 0 R" % font1).replace(b"FONT2", b"%d 0 R" % font2)
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, info, start)
    return bytes(out)


FILES: dict[str, tuple[str, list[list[str]]]] = {}


def add(path: str, title: str, *pages: list[str]) -> None:
    FILES[path] = (title, list(pages))


add("oakfield/content/resources/sound-buttons-blending-cards/blending-cards.pdf",
    "Sound buttons and blending cards",
    ["# Blending cards: set 1 (CVC words)", "Cut out each card. Press a sound button under",
     "each sound, then sweep your finger under the word to blend it.", "",
     "s a t      p i n      m o p      c u p      r e d",
     "h e n      b i g      l o g      s u n      j a m", "",
     "# Blending cards: set 2 (digraphs)",
     "sh o p     ch i p     th i n     r i ng     qu i z",
     "f i sh     l o ck     b e ll     w i th     d u ck"],
    ["# Notes for adults", "Dots are single sounds; dashes are digraphs (two letters, one sound).",
     "Say pure sounds: mmm, sss, not muh, suh.",
     "If a child guesses from the first letter, cover the word and build it again",
     "one sound at a time."])
add("oakfield/content/resources/screening-check-practice-words/practice-words.pdf",
    "Phonics screening check practice words",
    ["# Practice words: real and nonsense", "Forty words in the style of the Year 1 check.",
     "Nonsense words are marked with an alien: say them as they are spelt.", "",
     "Real: chip, storm, shelf, thorn, grown, blend, crept, toast, spoil, quench",
     "Nonsense: vap, jound, steck, blorn, quemp, thirm, prazz, chob, yune, splog",
     "Real: strap, chain, fright, coin, sharp, glue, brick, found, cloud, slept",
     "Nonsense: zort, glimp, shup, doil, frell, vaim, tuxt, drob, jeek, snarp"],
    ["# Recording sheet", "Tick each word read correctly at the first attempt.",
     "Note any sound the child misread, so the next week's practice can start there."])
add("oakfield/content/resources/fraction-wall-mats-year-3/fraction-wall-year-3.pdf",
    "Fraction wall mats: Year 3",
    ["# Fraction wall: one whole to eighths", "1 whole", "1/2 | 1/2",
     "1/3 | 1/3 | 1/3", "1/4 | 1/4 | 1/4 | 1/4",
     "1/8 | 1/8 | 1/8 | 1/8 | 1/8 | 1/8 | 1/8 | 1/8", "",
     "# Questions", "1. Which is bigger, 1/3 or 1/4? Show it on the wall.",
     "2. How many quarters make one half?", "3. Find a fraction the same size as 2/8.",
     "4. Colour 3/4. What else covers the same length?"],
    ["# Blank wall", "Write the fractions in yourself.", "[ ]", "[ ] [ ]", "[ ] [ ] [ ]",
     "[ ] [ ] [ ] [ ]", "[ ] [ ] [ ] [ ] [ ] [ ] [ ] [ ]"])
add("oakfield/content/resources/fractions-of-amounts-counters/counters-worksheet.pdf",
    "Fractions of amounts with counters",
    ["# Fractions of amounts", "Share the counters into equal groups, then count one group.",
     "", "1. 1/2 of 12 =       2. 1/3 of 12 =       3. 1/4 of 12 =",
     "4. 1/5 of 20 =       5. 2/5 of 20 =       6. 3/4 of 16 =",
     "7. 2/3 of 18 =       8. 5/6 of 24 =", "",
     "# Challenge", "Sam has 2/3 of 15 sweets. Priya has 3/5 of 15. Who has more?",
     "Draw a bar model to prove it."],
    ["# Answers", "1. 6  2. 4  3. 3  4. 4  5. 8  6. 12  7. 12  8. 20",
     "Challenge: Sam has 10, Priya has 9: Sam has more."])
add("riverside/content/resources/retrieval-grid-templates/retrieval-grid-templates.pdf",
    "Retrieval grid templates",
    ["# Retrieval grid (blank)", "Four columns: last lesson, last week, last term, last year.",
     "Three questions in each column; 1 point, 2 points, 3 points.", "",
     "| Last lesson | Last week | Last term | Last year |",
     "| 1 pt        | 1 pt      | 2 pt      | 3 pt      |",
     "| 1 pt        | 2 pt      | 2 pt      | 3 pt      |",
     "| 1 pt        | 2 pt      | 3 pt      | 3 pt      |"],
    ["# How we use it", "Ten minutes at the start of the lesson, in silence, from memory.",
     "Answers go up on the board; pupils mark in green and total their points.",
     "Questions from last year get the most points: they matter most."])
add("riverside/content/resources/rates-of-reaction-practical/practical-planner.pdf",
    "Rates of reaction: required practical planner",
    ["# Required practical: rates of reaction", "Sodium thiosulfate and hydrochloric acid:",
     "how does temperature affect the time taken for the cross to disappear?", "",
     "Independent variable: temperature (20, 30, 40, 50, 60 degrees C)",
     "Dependent variable: time for the cross to disappear (s)",
     "Control variables: volume and concentration of each solution, same cross, same flask",
     "", "# Safety", "Wear eye protection. Sulfur dioxide is produced: keep the room aired.",
     "Do not heat the acid directly; warm the thiosulfate in a water bath."],
    ["# Results table", "| Temperature (C) | Time 1 (s) | Time 2 (s) | Time 3 (s) | Mean (s) |",
     "", "# Analysis", "Plot 1/time against temperature. Describe the pattern and explain",
     "it using collision theory."])
add("riverside/content/resources/cells-knowledge-organiser/cells-knowledge-organiser.pdf",
    "Cells knowledge organiser",
    ["# Cells: Year 7 knowledge organiser",
     "Nucleus: contains genetic material; controls the cell.",
     "Cell membrane: controls what enters and leaves the cell.",
     "Cytoplasm: where most chemical reactions happen.",
     "Mitochondria: where aerobic respiration releases energy.",
     "Cell wall (plants): made of cellulose; strengthens the cell.",
     "Chloroplasts (plants): absorb light for photosynthesis.",
     "Vacuole (plants): filled with cell sap; keeps the cell firm.", "",
     "# Key words", "organelle, specialised, magnification, diffusion, unicellular"],
    ["# Self-quiz", "1. Which organelles do plant cells have that animal cells do not?",
     "2. What is the job of the mitochondria?", "3. Name two specialised animal cells."])
add("riverside/content/resources/electricity-misconceptions-quiz/electricity-quiz.pdf",
    "Electricity misconceptions quiz",
    ["# Electricity: what do you think?", "Choose A, B or C, then say how sure you are (1-3).",
     "", "1. Current is used up by a bulb, so it is lower after it.  A true  B false  C it depends",
     "2. A battery pushes out the same current whatever the circuit.  A true  B false",
     "3. Adding bulbs in series makes each one dimmer.  A true  B false",
     "4. In a parallel circuit, every branch has the same potential difference.  A true  B false"],
    ["# Answers and the misconception behind each",
     "1. B: current is the same all round a series loop.",
     "2. B: the current depends on the resistance of the circuit.", "3. A.", "4. A."])

if __name__ == "__main__":
    for path, (title, pages) in FILES.items():
        target = HERE / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf(title, pages))
        print(f"{path}: {target.stat().st_size} bytes")
