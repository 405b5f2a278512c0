type Row = { entry: string; note: string };

/** What someone else changed in the list while the admin edited it, as it reached the merged list. */
export type ListChangedMeanwhile = { added: string[]; removed: string[] };

/**
 * The admin's edits to the allowed IPs laid over the list saved meanwhile by someone else: a
 * three-way merge from the list the admin started from (`base`). Their additions join the list,
 * their removals leave it (an address someone took away is not put back by an edit of its note),
 * their new notes show where the admin left the note alone; the admin's own additions, removals
 * and notes stay. The admin's order is kept, and their additions come last.
 */
export function mergedList(base: readonly Row[], mine: readonly Row[], theirs: readonly Row[]): { list: Row[]; changed: ListChangedMeanwhile } {
  const baseNotes = new Map(base.map((row) => [row.entry, row.note]));
  const theirNotes = new Map(theirs.map((row) => [row.entry, row.note]));
  const removed: string[] = [];
  const list: Row[] = [];
  for (const row of mine) {
    const entry = row.entry.trim();
    const baseNote = baseNotes.get(entry);
    const theirNote = theirNotes.get(entry);
    if (baseNote === undefined) list.push(row);
    else if (theirNote === undefined) removed.push(entry);
    else list.push(row.note.trim() === baseNote ? { entry: row.entry, note: theirNote } : row);
  }
  const known = new Set([...baseNotes.keys(), ...mine.map((row) => row.entry.trim())]);
  const added = theirs.filter((row) => !known.has(row.entry));
  return { list: [...list, ...added.map((row) => ({ entry: row.entry, note: row.note }))], changed: { added: added.map((row) => row.entry), removed } };
}
