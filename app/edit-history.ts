// Undo and redo over the fabric editor's edits: the scenarios before each edit (past) and
// those undone (future). Pure and generic, so a test drives it without the app.
export class EditHistory<T> {
  private past: T[] = [];
  private future: T[] = [];

  constructor(private readonly max = 100) {}

  get canUndo(): boolean { return this.past.length > 0; }
  get canRedo(): boolean { return this.future.length > 0; }

  /** An edit was applied over `before`: it can be undone, and what was undone can no longer be redone. */
  record(before: T): void {
    this.past.push(before);
    if (this.past.length > this.max) this.past.shift();
    this.future = [];
  }

  /** The state to go back to from `current` (kept for redo), or null. */
  undo(current: T): T | null {
    const prev = this.past.pop();
    if (prev === undefined) return null;
    this.future.push(current);
    return prev;
  }

  /** The state to go forward to from `current` (kept for undo), or null. */
  redo(current: T): T | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(current);
    return next;
  }

  /** An undo (or redo) to `target` could not be applied: the stacks go back to before it. */
  revert(dir: 'undo' | 'redo', target: T): void {
    if (dir === 'undo') { this.future.pop(); this.past.push(target); } else { this.past.pop(); this.future.push(target); }
  }

  clear(): void {
    this.past = [];
    this.future = [];
  }
}
