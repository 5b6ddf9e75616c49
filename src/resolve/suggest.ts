/** "Did you mean" for profile names: the closest names by edit distance (at most 3 shown). */
export function suggestProfiles(wanted: string, names: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const lower = wanted.toLowerCase();
  const scored: { name: string; d: number }[] = [];
  for (const name of names) {
    // Cheap length filter first: 10,000 profiles must stay fast.
    if (Math.abs(name.length - wanted.length) > limit && !name.toLowerCase().includes(lower)) continue;
    const d = name.toLowerCase().includes(lower) || lower.includes(name.toLowerCase()) ? Math.min(1, editDistance(lower, name.toLowerCase())) : editDistance(lower, name.toLowerCase(), limit);
    if (d <= limit) scored.push({ name, d });
  }
  scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((s) => s.name);
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
