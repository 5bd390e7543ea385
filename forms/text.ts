// Cutting text for display: by characters a reader sees (code points), never through an emoji or a UTF-16 pair.

/**
 * The first `max` code points of `text`, with "…" after them when something was cut (so a
 * cut is visible). Strings in JavaScript are UTF-16: `slice` could split a surrogate pair and
 * leave half an emoji, which Sheets and mail clients show as a replacement character.
 */
export function cutText(text: string, max: number): string {
  let out = '';
  let n = 0;
  for (const ch of text) {
    if (n === max) return `${out.trimEnd()}…`;
    out += ch;
    n++;
  }
  return out;
}

/** How many characters a reader counts in `text` (code points, not UTF-16 units). */
export const charCount = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/**
 * The longest start of `text`, cut between code points, whose UTF-16 length (what a Sheets
 * cell's 50,000-character limit counts) is at most `maxUnits`, with "…" when cut.
 */
export function fitUnits(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  let end = maxUnits - 1;
  // Never end on the first half of a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
