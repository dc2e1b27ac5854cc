/** Would making `parentId` the parent of `id` create a loop? Pure, works for departments and managers alike. */
export function wouldCycle(nodes: { id: string; parentId: string | null }[], id: string, parentId: string): boolean {
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  let cur: string | null | undefined = parentId;
  const seen = new Set<string>();
  while (cur) {
    if (cur === id) return true;
    if (seen.has(cur)) return true;
    seen.add(cur);
    cur = parentOf.get(cur);
  }
  return false;
}
