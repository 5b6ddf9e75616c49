/**
 * "Did you mean": the one suggestion function for commands, flags, profiles,
 * sso-sessions, regions and enum values. Names that start with what was typed
 * come first; within each group candidates are ranked by edit distance
 * (case-insensitive), ties by name. A candidate that contains what was typed
 * is kept even when far (a fragment of a long name), but ranked by its distance
 * too, so `shared-devop` suggests `shared-devops` before `acme-shared-devops`.
 * A short candidate merely contained in a long typo (`prod` in `prodution`)
 * must be close like any other: it is rarely what was meant.
 */
export function closestNames(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const lower = wanted.toLowerCase();
  const scored: { name: string; d: number; prefix: number }[] = [];
  for (const name of candidates) {
    const other = name.toLowerCase();
    const contains = lower.length >= 3 && other.includes(lower);
    // Cheap length filter first: 10,000 profiles must stay fast.
    if (!contains && Math.abs(other.length - lower.length) > limit) continue;
    const d = editDistance(lower, other, contains ? Infinity : limit);
    // A name that starts with what was typed is the likeliest meaning (`dev` → `dev-admin`).
    if (d <= limit || contains) scored.push({ name, d, prefix: other.startsWith(lower) ? 0 : 1 });
  }
  scored.sort((a, b) => a.prefix - b.prefix || a.d - b.d || a.name.localeCompare(b.name));
  return [...new Set(scored.map((s) => s.name))].slice(0, max);
}

/** " Did you mean: a, b?" (with a leading space), or '' when nothing is close. */
export function didYouMean(wanted: string, candidates: Iterable<string>, format: (name: string) => string = (n) => n): string {
  const near = closestNames(wanted, candidates);
  return near.length ? ` Did you mean: ${near.map(format).join(', ')}?` : '';
}

/** Levenshtein distance, giving up (returning limit + 1) once every path exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}
