// How much room printed text takes in Times New Roman, so row heights are computed rather than guessed.

/**
 * Advance widths (1/1000 em) of Liberation Serif, metric-compatible with Times New Roman, for
 * printable ASCII then the letters and marks below: read from the hmtx tables of Debian's
 * fonts-liberation2 2.1.5 LiberationSerif-Regular.ttf and -Bold.ttf. Vietnamese letters with
 * tone marks measure exactly as their base letter there, except the horned ơ/ư family.
 */
const CHARS =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~đĐơƠưƯ“”–…—';
const REGULAR = [
  250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
  500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
  556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
  722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
  278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
  500, 722, 529, 722, 542, 776, 444, 444, 500, 1000, 1000,
];
const BOLD = [
  250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500,
  500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667,
  611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722,
  722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556,
  278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
  556, 722, 554, 778, 600, 796, 500, 500, 500, 1000, 1000,
];
/** Unknown characters count as wide as the widest letter: too tall a row is only untidy. */
const FALLBACK = 1000;

/** Tone marks do not widen a letter; the horn (ơ, ư) does, so it is kept. */
function baseLetter(ch: string): string {
  return ch
    .normalize('NFD')
    .replace(/[\u0300-\u031a\u031c-\u036f]/g, '')
    .normalize('NFC');
}

export interface TextStyle {
  /** Points. */
  size: number;
  bold?: boolean;
}

/** The width of one line of text in points. */
export function textWidth(text: string, style: TextStyle): number {
  const table = style.bold ? BOLD : REGULAR;
  let em = 0;
  for (const ch of text) {
    const i = CHARS.indexOf(baseLetter(ch));
    em += i < 0 ? FALLBACK : (table[i] ?? FALLBACK);
  }
  return (em / 1000) * style.size;
}

/**
 * The lines a renderer wraps text into at `width` points, word by word; a word longer than a
 * line is broken by characters as spreadsheet renderers do.
 */
export function wrapText(text: string, width: number, style: TextStyle): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (textWidth(candidate, style) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      for (const ch of word) {
        if (line && textWidth(line + ch, style) > width) {
          lines.push(line);
          line = '';
        }
        line += ch;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Points a spreadsheet column of `units` character widths takes when the default font is Times New Roman 12. */
export const POINTS_PER_WIDTH_UNIT = 6;
/**
 * Excel draws text at whole screen pixels and pads cells more than LibreOffice does: wrapping is
 * computed on a slightly narrower column so a row tall enough there is tall enough everywhere.
 */
const USABLE = 0.92;
const CELL_PADDING = 6;
/** Line spacing: LibreOffice uses 1.15 em for Liberation Serif, Excel about 1.3 em for Times New Roman. */
const LINE = 1.3;
const ROW_PADDING = 4;

/** Cells in one printed row: text, style, and the width of the (merged) cell in width units. */
export interface FitCell {
  text: string;
  style: TextStyle;
  widthUnits: number;
}

/** The row height in points that holds every cell's wrapped text. */
export function rowHeight(cells: readonly FitCell[], minimum = 0): number {
  let height = minimum;
  for (const cell of cells) {
    if (!cell.text) continue;
    const width = cell.widthUnits * POINTS_PER_WIDTH_UNIT * USABLE - CELL_PADDING;
    const lines = wrapText(cell.text, width, cell.style).length;
    height = Math.max(height, lines * cell.style.size * LINE + ROW_PADDING);
  }
  return Math.ceil(height);
}
