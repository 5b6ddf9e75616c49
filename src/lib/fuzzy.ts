/**
 * Fuzzy matching for the profile picker: the query's characters must appear
 * in order; consecutive runs and matches at word starts (after - _ . / or at
 * the beginning) score higher, gaps cost a little. Case-insensitive.
 */
export function fuzzyScore(query: string, candidate: string): number | undefined {
  const q = query.toLowerCase();
  const c = candidate.toLowerCase();
  if (!q) return 0;
  let score = 0;
  let last = -1;
  for (const ch of q) {
    const i = c.indexOf(ch, last + 1);
    if (i < 0) return undefined;
    const wordStart = i === 0 || '-_./: '.includes(c[i - 1]!);
    score += 1 + (i === last + 1 ? 3 : 0) + (wordStart ? 2 : 0) - Math.min(3, (i - last - 1) * 0.1);
    last = i;
  }
  // Shorter names win ties: the query covers more of them.
  return score - c.length * 0.01;
}

/** Matches, best first; without a query, the recently used first (in their order), then the rest. */
export function rankCandidates(query: string, candidates: string[], recent: string[] = []): string[] {
  const recency = new Map(recent.map((r, i) => [r, i]));
  const byRecency = (a: string, b: string) => (recency.get(a) ?? Infinity) - (recency.get(b) ?? Infinity) || a.localeCompare(b);
  if (!query) return [...candidates].sort(byRecency);
  return candidates
    .map((c) => ({ c, s: fuzzyScore(query, c) }))
    .filter((x): x is { c: string; s: number } => x.s !== undefined)
    .sort((a, b) => b.s - a.s || byRecency(a.c, b.c))
    .map((x) => x.c);
}
