// Presets ship as static JSON under public/presets (index.json lists them).
import { parseScenario, type ParseResult } from '../src/scenario/validate';

export const DEFAULT_PRESET = { name: 'single-host-cxl', file: 'single-host-cxl.json' };

export interface PresetEntry {
  name: string;
  file: string;
  description: string;
}

// Relative to the page, so the built site works from any sub-path.
const url = (file: string) => new URL(`presets/${file}`, document.baseURI).href;

export async function fetchPresetIndex(): Promise<PresetEntry[]> {
  const res = await fetch(url('index.json'));
  if (!res.ok) throw new Error(`cannot load the preset list (HTTP ${res.status})`);
  const list: unknown = await res.json();
  if (!Array.isArray(list)) throw new Error('the preset list is not a list');
  return list.filter((e): e is PresetEntry =>
    typeof e === 'object' && e !== null && typeof e.name === 'string' && typeof e.file === 'string'
    && /^[A-Za-z0-9_.-]+\.json$/.test(e.file))
    .map((e) => ({ name: e.name, file: e.file, description: typeof e.description === 'string' ? e.description : '' }));
}

export async function fetchPreset(file: string): Promise<ParseResult> {
  const name = file.replace(/\.json$/, '');
  if (!/^[A-Za-z0-9_.-]+\.json$/.test(file)) return { ok: false, errors: [{ path: 'preset', message: `bad preset file "${file}"` }] };
  let res: Response;
  try {
    res = await fetch(url(file));
  } catch (e) {
    return { ok: false, errors: [{ path: 'preset', message: `cannot load preset "${name}" (${e instanceof Error ? e.message : 'network error'})` }] };
  }
  if (!res.ok) return { ok: false, errors: [{ path: 'preset', message: `cannot load preset "${name}" (HTTP ${res.status})` }] };
  try {
    return parseScenario(await res.json());
  } catch {
    return { ok: false, errors: [{ path: 'preset', message: `preset "${name}" is not valid JSON` }] };
  }
}
