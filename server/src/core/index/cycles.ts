/**
 * Parent-link cycles: the IDs of every strongly connected component with
 * more than one member, or of one that is its own parent (Tarjan's
 * algorithm, iterative so that deep parent chains cannot overflow the stack).
 */
export function cycleMembers(ids: Iterable<string>, parentsOf: (id: string) => string[]): Set<string> {
  const members = new Set<string>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; next: string[]; i: number }> = [];
    const visit = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, next: parentsOf(id), i: 0 });
    };
    visit(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.next.length) {
        const w = frame.next[frame.i++];
        if (!index.has(w)) visit(w);
        else if (onStack.has(w)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== frame.id);
        const selfLoop = scc.length === 1 && parentsOf(scc[0]).includes(scc[0]);
        if (scc.length > 1 || selfLoop) for (const s of scc) members.add(s);
      }
    }
  }
  return members;
}
