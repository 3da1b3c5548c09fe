import { nameTokens } from './name-tokens.ts';
import { wordSimilarity } from './word-match.ts';

/** Words that say a column is a key or a code, not what it names: left out when comparing. */
const KEY_WORDS = new Set(['id', 'key', 'fk', 'pk']);

/**
 * How alike two names are, 0..1, word by word (see `nameTokens`, `wordSimilarity`): each word of
 * either name is scored by its best partner in the other, and the scores averaged over all words.
 * `FirstName` and `first_nm` score 1, `total` and `total_amt` 0.67. Numbered names must agree
 * (`line1` is not `street2`), and key words (`id`) are ignored unless both names are only keys.
 */
export function nameSimilarity(a: string, b: string): number {
  return tokenSimilarity(nameTokens(a), nameTokens(b));
}

export function tokenSimilarity(aTokens: readonly string[], bTokens: readonly string[]): number {
  const strip = (tokens: readonly string[]) => {
    const kept = tokens.filter((token) => !KEY_WORDS.has(token));
    return kept.length > 0 ? kept : [...tokens];
  };
  const a = strip(aTokens);
  const b = strip(bTokens);
  if (a.length === 0 || b.length === 0) return 0;
  if (a.join('') === b.join('')) return 1;
  const best = (word: string, others: readonly string[]) =>
    Math.max(0, ...others.map((other) => wordSimilarity(word, other)));
  const total = a.reduce((sum, w) => sum + best(w, b), 0) + b.reduce((sum, w) => sum + best(w, a), 0);
  const score = total / (a.length + b.length);
  const numbers = (tokens: readonly string[]) => tokens.filter((t) => /^[0-9]+$/.test(t)).join(',');
  const [na, nb] = [numbers(a), numbers(b)];
  return na !== '' && nb !== '' && na !== nb ? score / 2 : score;
}

/** The names among `candidates` closest to `wanted` (score at least `min`), best first. */
export function closestNames(wanted: string, candidates: readonly string[], min = 0.6): string[] {
  return candidates
    .map((name) => ({ name, score: nameSimilarity(wanted, name) }))
    .filter((entry) => entry.score >= min)
    .sort((x, y) => y.score - x.score)
    .map((entry) => entry.name);
}
