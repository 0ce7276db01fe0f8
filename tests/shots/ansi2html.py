#!/usr/bin/python3
"""Turn a tmux pane captured with `capture-pane -e -p -N` into an HTML page.

    ansi2html.py COLS ROWS TITLE < capture > page.html

Prints nothing else; the page is sized to exactly COLS x ROWS cells (the
font is a local DejaVu Sans Mono, no network fonts) and its body has the
pixel size given by page_size() below, which shots.sh reads with --size.
Only SGR sequences are interpreted (colours 8/16/256/24-bit, bold, dim,
italics, underline, reverse); any other escape sequence is dropped.
"""

import html
import re
import sys

FONT_PX = 16
CELL_W = 0.6021 * FONT_PX  # DejaVu Sans Mono advance width: 1233/2048 em
CELL_H = 19  # line height in px: the font's ascent + descent, rounded up
PAD = 14

FG = "#d8d8d8"
BG = "#1c1f24"
# The 16 ANSI colours (a muted xterm-like palette that reads on BG).
PALETTE16 = [
    "#2e3436", "#e06c6c", "#8bc46a", "#e5c07b",
    "#6fa8dc", "#c678dd", "#56b6c2", "#d8d8d8",
    "#6b7079", "#ff8787", "#a8e08a", "#ffd787",
    "#8fc3ff", "#e0a0f0", "#7fd8e0", "#ffffff",
]


def colour256(n):
    """The xterm 256-colour palette."""
    if n < 16:
        return PALETTE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        r, g, b = steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
        return "#%02x%02x%02x" % (r, g, b)
    v = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (v, v, v)


class Attr:
    """The graphic rendition in force."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = False
        self.dim = False
        self.italic = False
        self.underline = False
        self.reverse = False

    def key(self):
        return (self.fg, self.bg, self.bold, self.dim, self.italic,
                self.underline, self.reverse)

    def apply(self, params):
        """Apply one SGR parameter list (already split on ';')."""
        p = [int(x) if x.isdigit() else 0 for x in params] or [0]
        i = 0
        while i < len(p):
            c = p[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 3:
                self.italic = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 23:
                self.italic = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = PALETTE16[c - 30]
            elif c == 39:
                self.fg = None
            elif 40 <= c <= 47:
                self.bg = PALETTE16[c - 40]
            elif c == 49:
                self.bg = None
            elif 90 <= c <= 97:
                self.fg = PALETTE16[c - 90 + 8]
            elif 100 <= c <= 107:
                self.bg = PALETTE16[c - 100 + 8]
            elif c in (38, 48) and i + 1 < len(p):
                if p[i + 1] == 5 and i + 2 < len(p):
                    col = colour256(p[i + 2])
                    i += 2
                elif p[i + 1] == 2 and i + 4 < len(p):
                    col = "#%02x%02x%02x" % tuple(p[i + 2:i + 5])
                    i += 4
                else:
                    col = None
                    i += 1
                if c == 38:
                    self.fg = col
                else:
                    self.bg = col
            i += 1

    def style(self):
        fg, bg = self.fg or FG, self.bg or BG
        if self.reverse:
            fg, bg = bg, fg
        css = []
        if fg != FG:
            css.append("color:" + fg)
        if bg != BG:
            css.append("background:" + bg)
        if self.bold:
            css.append("font-weight:bold")
        if self.dim:
            css.append("opacity:.65")
        if self.italic:
            css.append("font-style:italic")
        if self.underline:
            css.append("text-decoration:underline")
        return ";".join(css)


SEQ = re.compile(r"\x1b\[([0-9;:]*)([@-~])|\x1b[()][0-9A-Za-z]|\x1b.")


def convert_line(line, attr, cols):
    """One captured line to HTML; attr carries over to the next line, as
    tmux only writes a sequence when the rendition changes."""
    out = []
    run = []
    run_style = attr.style()
    width = 0

    def flush():
        if run:
            text = html.escape("".join(run), quote=False)
            out.append('<span style="%s">%s</span>' % (run_style, text)
                       if run_style else text)
            run.clear()

    pos = 0
    for m in SEQ.finditer(line):
        chunk = line[pos:m.start()]
        pos = m.end()
        run.append(chunk)
        width += len(chunk)
        if m.group(2) == "m":
            flush()
            attr.apply(m.group(1).replace(":", ";").split(";"))
            run_style = attr.style()
    chunk = line[pos:]
    run.append(chunk)
    width += len(chunk)
    flush()
    # capture-pane drops the blank cells that end a line; they are in the
    # default rendition whatever the last sequence said.
    if width < cols:
        out.append(" " * (cols - width))
    return "".join(out)


def page_size(cols, rows):
    """The page's size in pixels: cells plus padding."""
    return (int(cols * CELL_W + 2 * PAD + 0.999), rows * CELL_H + 2 * PAD)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--size":
        print("%d,%d" % page_size(int(sys.argv[2]), int(sys.argv[3])))
        return
    if len(sys.argv) != 4:
        sys.exit("usage: ansi2html.py COLS ROWS TITLE <capture >page.html\n"
                 "       ansi2html.py --size COLS ROWS")
    cols, rows, title = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    text = sys.stdin.buffer.read().decode("utf-8", "replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = (lines + [""] * rows)[:rows]
    attr = Attr()
    body = "\n".join(convert_line(l, attr, cols) for l in lines)
    w, h = page_size(cols, rows)
    sys.stdout.write("""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%s</title>
<style>
@font-face { font-family: "Term"; font-weight: normal;
  src: local("DejaVu Sans Mono"),
       url("file:///usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"); }
@font-face { font-family: "Term"; font-weight: bold;
  src: local("DejaVu Sans Mono Bold"),
       url("file:///usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"); }
html, body { margin: 0; padding: 0; background: %s; }
body { width: %dpx; height: %dpx; overflow: hidden; }
pre { margin: 0; padding: %dpx; color: %s;
  font: %dpx/%dpx "Term", monospace; font-variant-ligatures: none;
  white-space: pre; }
</style></head>
<body><pre>%s</pre></body></html>
""" % (html.escape(title), BG, w, h, PAD, FG, FONT_PX, CELL_H, body))


if __name__ == "__main__":
    main()
