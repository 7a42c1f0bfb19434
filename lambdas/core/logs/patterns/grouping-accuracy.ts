/**
 * Grouping accuracy as in the Loghub benchmark (Zhu et al., ICSE-SEIP 2019): a line counts as
 * correct when the set of lines in its predicted group is exactly the set in its true group.
 * `predicted[i]` and `truth[i]` are the group labels of line i.
 */
export function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  if (predicted.length !== truth.length) throw new RangeError('predicted and truth differ in length');
  if (truth.length === 0) return 1;
  const truthSize = new Map<string, number>();
  for (const t of truth) truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
  const groups = new Map<string, number[]>();
  predicted.forEach((p, i) => {
    const g = groups.get(p);
    if (g) g.push(i);
    else groups.set(p, [i]);
  });
  let correct = 0;
  for (const lines of groups.values()) {
    const label = truth[lines[0]];
    if (lines.every((i) => truth[i] === label) && truthSize.get(label) === lines.length) correct += lines.length;
  }
  return correct / truth.length;
}
