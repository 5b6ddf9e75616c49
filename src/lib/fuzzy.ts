/**
 * Fuzzy matching for the profile picker. A query is split into words (as
 * Granted does: `0042 admin`); every word must match, its characters in order.
 * Consecutive runs and matches at word starts (after - _ . / or at the
 * beginning) score higher, gaps cost a little. Case-insensitive.
 */
export function fuzzyScore(query: string, candidate: string): number | undefined {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const c = candidate.toLowerCase();
  if (!words.length) return 0;
  let total = 0;
  for (const w of words) {
    const s = wordScore(w, c);
    if (s === undefined) return undefined;
    total += s;
  }
  // Shorter names win ties: the query covers more of them.
  return total - c.length * 0.01;
}

function wordScore(q: string, c: string): number | undefined {
  let score = 0;
  let last = -1;
  for (const ch of q) {
    const i = c.indexOf(ch, last + 1);
    if (i < 0) return undefined;
    const wordStart = i === 0 || '-_./: '.includes(c[i - 1]!);
    score += 1 + (i === last + 1 ? 3 : 0) + (wordStart ? 2 : 0) - Math.min(3, (i - last - 1) * 0.1);
    last = i;
  }
  return score;
}

/** Matches, best first; without a query, the recently used first (in their order), then the rest. */
export function rankCandidates(query: string, candidates: string[], recent: string[] = []): string[] {
  const recency = new Map(recent.map((r, i) => [r, i]));
  const byRecency = (a: string, b: string) => (recency.get(a) ?? Infinity) - (recency.get(b) ?? Infinity) || a.localeCompare(b);
  if (!query.trim()) return [...candidates].sort(byRecency);
  return candidates
    .map((c) => ({ c, s: fuzzyScore(query, c) }))
    .filter((x): x is { c: string; s: number } => x.s !== undefined)
    .sort((a, b) => b.s - a.s || byRecency(a.c, b.c))
    .map((x) => x.c);
}
