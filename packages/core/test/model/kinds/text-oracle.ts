/** Text facts computed unit by unit, independently of core's `string-kind.ts`. */

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** Characters as docs/core.md counts them: code points (a pair is one, an unpaired half is one). */
export function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i++;
    count++;
  }
  return count;
}

/** True when some surrogate half has no partner. */
export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHigh(unit)) {
      if (i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i++;
      else return true;
    } else if (isLow(unit)) return true;
  }
  return false;
}

export function hasNul(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}
