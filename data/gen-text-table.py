#!/usr/bin/python3
"""Generate src/text_table.h, the character tables of src/text.c.

Reads the Unicode Character Database files Debian ships in the package
`unicode-data` (/usr/share/unicode) and prints C to stdout. Regenerate with

    apt-get install unicode-data
    python3 data/gen-text-table.py >src/text_table.h && clang-format -i src/text_table.h

The output is committed, so building tether never needs the package.

Every code point gets a width (0, 1 or 2 terminal columns) and a set of
flags; runs of code points with the same width and flags become one range.
Ranges of width 1 without flags (most of Unicode) are left out: a code point
found in no range is one column wide with no flags.

Widths:
  0  control characters (C0, DEL, C1; rendered escaped, no width of their
     own), nonspacing and enclosing marks (Mn, Me), format characters (Cf)
     except the prepended concatenation marks (which have glyphs), default
     ignorable code points, Hangul medial vowels and final consonants
     (U+1160..U+11FF, U+D7B0..U+D7FF: they join the preceding syllable);
  2  East Asian Wide and Fullwidth (EastAsianWidth.txt, with the documented
     default of W for unassigned code points in the CJK blocks and planes 2
     and 3) and characters with Emoji_Presentation=Yes;
  1  everything else, East Asian Ambiguous included (tether does not assume
     a CJK terminal).
Flags: see TEXT_F_* in the output.
"""
import os
import re
import sys

UCD = os.environ.get("UCD", "/usr/share/unicode")
MAX = 0x110000


def path(*p):
    return os.path.join(UCD, *p)


def ranges(fname):
    """Yield (first, last, fields) of a UCD property file."""
    with open(fname, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = [x.strip() for x in line.split(";")]
            cps = fields[0]
            if ".." in cps:
                a, b = cps.split("..")
                yield int(a, 16), int(b, 16), fields[1:]
            else:
                c = int(cps, 16)
                yield c, c, fields[1:]


def prop_set(fname, name):
    s = bytearray(MAX)
    for a, b, f in ranges(fname):
        if f[0] == name:
            for c in range(a, b + 1):
                s[c] = 1
    return s


def version():
    with open(path("ReadMe.txt"), encoding="utf-8", errors="replace") as f:
        m = re.search(r"Version (\d+\.\d+\.\d+)", f.read())
    return m.group(1) if m else "unknown"


# General category and names from UnicodeData.txt ("First>"/"Last>" pairs
# are ranges).
gc = ["Cn"] * MAX
names = {}
with open(path("UnicodeData.txt"), encoding="utf-8") as f:
    first = None
    for line in f:
        p = line.split(";")
        c = int(p[0], 16)
        if p[1].endswith(", First>"):
            first = c
            continue
        if p[1].endswith(", Last>"):
            for x in range(first, c + 1):
                gc[x] = p[2]
            continue
        gc[c] = p[2]
        if not p[1].startswith("<"):
            names[c] = p[1]
# Control characters have names only as aliases.
for a, _, f in ranges(path("NameAliases.txt")):
    if f[1] in ("control", "correction") and a not in names:
        names[a] = f[0]

eaw = bytearray(MAX)  # 1 for W or F
for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
               (0x20000, 0x2FFFD), (0x30000, 0x3FFFD)):
    for c in range(lo, hi + 1):
        eaw[c] = 1
for a, b, f in ranges(path("EastAsianWidth.txt")):
    for c in range(a, b + 1):
        eaw[c] = 1 if f[0] in ("W", "F") else 0

emoji = path("emoji", "emoji-data.txt")
emoji_pres = prop_set(emoji, "Emoji_Presentation")
pict = prop_set(emoji, "Extended_Pictographic")
ignorable = prop_set(path("DerivedCoreProperties.txt"),
                     "Default_Ignorable_Code_Point")
prepended = prop_set(path("PropList.txt"), "Prepended_Concatenation_Mark")
varsel = prop_set(path("PropList.txt"), "Variation_Selector")
regional = prop_set(path("PropList.txt"), "Regional_Indicator")
bidi = prop_set(path("PropList.txt"), "Bidi_Control")
gcb = path("auxiliary", "GraphemeBreakProperty.txt")
extend = bytearray(MAX)
for name in ("Extend", "ZWJ", "SpacingMark"):
    s = prop_set(gcb, name)
    for c in range(MAX):
        extend[c] |= s[c]
vs16 = bytearray(MAX)
with open(path("emoji", "emoji-variation-sequences.txt"),
          encoding="utf-8") as f:
    for line in f:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        seq, style = [x.strip() for x in line.split(";")[:2]]
        base, sel = seq.split()
        if sel == "FE0F" and style == "emoji style":
            vs16[int(base, 16)] = 1

F_EXTEND, F_PICT, F_VS16, F_RI, F_INVISIBLE, F_TAG = 1, 2, 4, 8, 16, 32
JOINERS = (0x200C, 0x200D)


def is_control(c):
    return c < 0x20 or 0x7F <= c <= 0x9F


def width(c):
    g = gc[c]
    if is_control(c):
        return 0
    if g in ("Mn", "Me") or (g == "Cf" and not prepended[c]) or ignorable[c]:
        return 0
    if 0x1160 <= c <= 0x11FF or 0xD7B0 <= c <= 0xD7FF:
        return 0
    if eaw[c] or emoji_pres[c]:
        return 2
    return 1


def flags(c):
    v = 0
    if extend[c]:
        v |= F_EXTEND
    if pict[c]:
        v |= F_PICT
    if vs16[c] and width(c) == 1:
        v |= F_VS16
    if regional[c]:
        v |= F_RI
    if 0xE0020 <= c <= 0xE007F:
        v |= F_TAG
    elif (((gc[c] == "Cf" and not prepended[c]) or ignorable[c]) and
          not varsel[c] and c not in JOINERS and not bidi[c]):
        v |= F_INVISIBLE
    return v


rows = []
start = 0
cur = (width(0), flags(0))
for c in range(1, MAX + 1):
    nxt = (width(c), flags(c)) if c < MAX else None
    if nxt != cur:
        if cur != (1, 0):
            rows.append((start, c - 1, cur[0], cur[1]))
        start, cur = c, nxt

# What the renderer escapes among code points >= U+0080: 1 always (C1
# controls, bidi controls, U+2028, U+2029, invisible characters), 2 unless
# inside an emoji tag sequence (tag characters).
hidden = []
start, cur = 0x80, None
for c in range(0x80, MAX + 1):
    k = None
    if c < MAX:
        f = flags(c)
        if f & F_TAG:
            k = 2
        elif (c <= 0x9F or bidi[c] or c in (0x2028, 0x2029) or
              f & F_INVISIBLE):
            k = 1
    if k != cur:
        if cur is not None:
            hidden.append((start, c - 1, cur))
        start, cur = c, k

# Names of the characters the renderer and the name check show by name:
# controls, bidi controls, joiners, line separators and the invisible
# characters (ranges of more than 16, such as unassigned ones, excluded).
named = []
for c in range(MAX):
    if c not in names:
        continue
    if (is_control(c) or bidi[c] or c in JOINERS or c in (0x2028, 0x2029) or
            (flags(c) & F_INVISIBLE)):
        named.append((c, names[c]))

out = sys.stdout
out.write("/* text_table.h — character tables of text.c, generated by\n"
          " * data/gen-text-table.py from the Unicode %s data files\n"
          " * (Debian package unicode-data). Do not edit; regenerate:\n"
          " *   python3 data/gen-text-table.py >src/text_table.h\n"
          " *   clang-format -i src/text_table.h */\n" % version())
out.write("#ifndef TETHER_TEXT_TABLE_H\n#define TETHER_TEXT_TABLE_H\n\n")
out.write("#include <stdint.h>\n\n")
out.write("#define TEXT_UNICODE_VERSION \"%s\"\n\n" % version())
out.write("""/* Flags of a code point. */
enum {
    TEXT_F_EXTEND = 1,    /* Grapheme_Cluster_Break Extend, ZWJ, SpacingMark:
                           * stays with the character before it */
    TEXT_F_PICT = 2,      /* Extended_Pictographic: joins after a ZWJ */
    TEXT_F_VS16 = 4,      /* one column, two with U+FE0F (emoji style) */
    TEXT_F_RI = 8,        /* Regional_Indicator: pairs form a flag */
    TEXT_F_INVISIBLE = 16, /* format / default ignorable, no glyph (bidi
                            * controls, joiners and variation selectors
                            * excluded: they are judged apart) */
    TEXT_F_TAG = 32,      /* U+E0020..U+E007F, used in emoji tag sequences */
};

/* Code points first..last are `width` columns wide and carry `flags`. */
struct text_range {
    uint32_t first;
    uint32_t last : 24;
    uint32_t width : 2;
    uint32_t flags : 6;
};

""")
out.write("static const struct text_range text_ranges[] = {\n")
for a, b, w, f in rows:
    out.write("    {0x%04X, 0x%04X, %d, %d},\n" % (a, b, w, f))
out.write("};\n\n")
out.write("/* Code points >= U+0080 the renderer escapes: kind 1 always, 2\n"
          " * outside an emoji tag sequence. */\n")
out.write("struct text_hidden {\n    uint32_t first;\n    uint32_t last : 24;\n"
          "    uint32_t kind : 8;\n};\n\n")
out.write("static const struct text_hidden text_hidden[] = {\n")
for a, b, k in hidden:
    out.write("    {0x%04X, 0x%04X, %d},\n" % (a, b, k))
out.write("};\n\n")
out.write("/* Names of the characters shown by name, by code point. */\n")
out.write("struct text_name {\n    uint32_t cp;\n    const char *name;\n};\n\n")
out.write("static const struct text_name text_names[] = {\n")
for c, n in named:
    out.write("    {0x%04X, \"%s\"},\n" % (c, n))
out.write("};\n\n#endif\n")
