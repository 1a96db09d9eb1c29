// Importing a real machine in the app: a file (picked or dropped anywhere on the page) is read,
// bounded, and imported by the same code as the CLI's --import; the result waits in `useImport`
// for the summary dialog, and only "Use this machine" replaces the scenario (a failed import
// leaves the current one running, with the error shown).
import { create } from 'zustand';
import type { MachineImport } from '../src/importers/registry';
import { MAX_IMPORT_BYTES } from '../src/importers/types';
import { applyScenario } from './actions';

export type PendingImport = MachineImport & { fileName: string };

export const useImport = create<{ pending: PendingImport | null }>(() => ({ pending: null }));

/** Reads and imports one file; the answer goes to the dialog. */
export async function importFile(file: File): Promise<void> {
  const fileName = file.name || 'the file';
  if (file.size > MAX_IMPORT_BYTES) {
    useImport.setState({ pending: { ok: false, fileName, error: `${fileName} is ${(file.size / 1048576).toFixed(1)} MiB; at most ${MAX_IMPORT_BYTES / 1048576} MiB` } });
    return;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    useImport.setState({ pending: { ok: false, fileName, error: `${fileName} is not UTF-8 text` } });
    return;
  }
  // The importers load with the first file (a chunk of their own): most visits import nothing.
  const { importMachine } = await import('../src/importers/registry');
  useImport.setState({ pending: { ...importMachine(text), fileName } });
}

/** "Use this machine": the imported scenario replaces the current one (the run restarts on it). */
export async function acceptImport(): Promise<boolean> {
  const p = useImport.getState().pending;
  if (!p || !p.ok) return false;
  const ok = await applyScenario(p.scenario, { presetName: null });
  if (ok) useImport.setState({ pending: null });
  return ok;
}

export function dismissImport(): void {
  useImport.setState({ pending: null });
}

/** Drops of files anywhere on the page import the first file. Returns the cleanup. */
export function listenForDrops(target: Window = window): () => void {
  const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
  const over = (e: DragEvent) => { if (hasFiles(e)) { e.preventDefault(); e.dataTransfer!.dropEffect = 'copy'; } };
  const drop = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    const f = e.dataTransfer!.files[0];
    if (f) void importFile(f);
  };
  target.addEventListener('dragover', over);
  target.addEventListener('drop', drop);
  return () => { target.removeEventListener('dragover', over); target.removeEventListener('drop', drop); };
}
