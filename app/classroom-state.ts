// UI state of the classroom helpers (glossary dialog, guided tour), apart from the app's store:
// none of it is part of the scenario or the run.
import { create } from 'zustand';

export interface ClassroomState {
  /** The glossary dialog is open. */
  glossaryOpen: boolean;
  /** The entry it opens at (scrolled to and focused), or null for the top. */
  glossaryAt: string | null;
  /** Bumped on every request to show an entry, so asking for the same entry twice scrolls again. */
  glossaryAsk: number;
  /** The tour step shown (0-based), or null when the tour is not running. */
  tourStep: number | null;
  /**
   * What the first-visit check decided once the run loaded: 'started', 'seen' (an earlier
   * visit skipped or finished it) or 'demo' (a framed page or a link that autoplays, presents
   * or embeds); 'pending' until then.
   */
  tourAuto: 'pending' | 'started' | 'seen' | 'demo';
}

export const useClassroom = create<ClassroomState>(() => ({
  glossaryOpen: false,
  glossaryAt: null,
  glossaryAsk: 0,
  tourStep: null,
  tourAuto: 'pending',
}));

export function openGlossary(at: string | null = null): void {
  useClassroom.setState((s) => ({ glossaryOpen: true, glossaryAt: at, glossaryAsk: s.glossaryAsk + 1 }));
}

export function closeGlossary(): void {
  useClassroom.setState({ glossaryOpen: false });
}
