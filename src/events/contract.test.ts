// What every event kind owes, checked for each one in the registry: one file each, registered
// once, its parameters declared (a sample parses, an unknown target is refused in words), its
// command-line form, what it does to a running engine (it fires in its epoch, its outcome and
// the stream say what it did, pages are conserved and every book stays true, the same seed
// gives the same run), and the Linux commands an operator would run or see for it.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, findEventKind } from './registry';
import { EVENT_SCHEMAS, type Scenario } from '../scenario/schema';
import { formatErrors, parseScenario } from '../scenario/validate';
import type { EventSpec } from './types';
import { oneHost, pooled, run } from './test-support';
import { fabricOf } from './timeline';
import { STREAM } from '../engine/event-stream';

interface Sample {
  scenario: (events: EventSpec[]) => Scenario;
  /** Fires at 500 ms (epoch 5). */
  event: Record<string, unknown>;
  /** The command line's KIND:TARGET@MS[,k=v] of an equivalent event. */
  cli: [string, Record<string, string | number>];
  /** An event naming what the scenario does not have, and the words the refusal says. */
  bad?: [Record<string, unknown>, RegExp];
  /** Whether the sample succeeds (ok) when it fires. */
  ok: boolean;
}

const host = (events: EventSpec[]) => oneHost({ events, epochs: 12 });
const pool = (events: EventSpec[]) => pooled({ events, epochs: 12 });
const SAMPLES: Record<string, Sample> = {
  policy: { scenario: host, event: { policy: 'tpp' }, cli: ['tpp', {}], ok: true },
  workload: { scenario: host, event: { workload: 'w', intensity: 0.5, pattern: 'uniform' }, cli: ['w', { intensity: 0.5 }], bad: [{ workload: 'nope', intensity: 1 }, /no workload "nope"/], ok: true },
  'hot-add': { scenario: host, event: { device: 'cxl9', spec: { capacityMB: 16 }, attach: 'h0', zone: 'movable' }, cli: ['cxl0', { capacityMB: 8 }], bad: [{ device: 'nope' }, /no memory device "nope"/], ok: true },
  'hot-remove': { scenario: (ev) => oneHost({ events: ev, epochs: 12, zone: 'movable' }), event: { device: 'cxl0' }, cli: ['cxl0', { timeoutMs: 2000 }], bad: [{ device: 'nope' }, /no memory device "nope"/], ok: true },
  'device-fail': { scenario: host, event: { device: 'cxl0' }, cli: ['cxl0', {}], bad: [{ device: 'nope' }, /no memory device "nope"/], ok: true },
  'link-fail': { scenario: host, event: { link: 'h0-cxl0' }, cli: ['cxl0-h0', {}], bad: [{ link: 'h0-nope' }, /no link "h0-nope"/], ok: true },
  'link-degrade': { scenario: host, event: { link: 'h0-cxl0', bandwidthGBps: 4 }, cli: ['h0-cxl0', {}], bad: [{ link: 'x-y' }, /no link "x-y"/], ok: true },
  'link-recover': { scenario: host, event: { link: 'h0-cxl0' }, cli: ['h0-cxl0', {}], bad: [{ link: 'x-y' }, /no link "x-y"/], ok: true },
  poison: { scenario: host, event: { workload: 'w' }, cli: ['w', {}], bad: [{ workload: 'nope' }, /no workload "nope"/], ok: true },
  'extent-grant': { scenario: pool, event: { device: 'mhd0', host: 'h1', extents: 2 }, cli: ['mhd0', { host: 'h1', extents: 2 }], bad: [{ device: 'h0.dram', host: 'h1' }, /not a pooled device/], ok: true },
  'extent-release': { scenario: pool, event: { device: 'mhd1', host: 'h2', extents: 100000 }, cli: ['mhd1', { host: 'h2' }], bad: [{ device: 'mhd0', host: 'nope' }, /no host "nope"/], ok: false },
  'vm-start': { scenario: pool, event: { host: 'h1', cores: 4, memoryGiB: 8 }, cli: ['h1', { cores: 4 }], bad: [{ host: 'nope' }, /no host "nope"/], ok: true },
  'vm-stop': { scenario: pool, event: { vm: 123456 }, cli: ['123456', {}], ok: false },
};

/** Files of src/events that are not event kinds. */
const HELPERS = ['types.ts', 'registry.ts', 'timeline.ts', 'fields.ts', 'links.ts', 'pool-checks.ts', 'test-support.ts'];
/** How a Linux line may start: a command an operator runs, a comment, or what the kernel logs. */
const LINUX = /^(daxctl |cxl |echo |cat |cd |lspci |timeout |virsh |numactl |damo |# |mce: |Memory failure: |pcieport |EDAC )/;

describe('the event kinds', () => {
  it('are one file each, every file registered once, every name once', () => {
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !HELPERS.includes(f));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(EVENT_KINDS.map((k) => k.kind).sort());
    expect(new Set(EVENT_KINDS.map((k) => k.kind)).size).toBe(EVENT_KINDS.length);
    expect(Object.keys(SAMPLES).sort()).toEqual(EVENT_KINDS.map((k) => k.kind).sort());
  });
});

describe.each(EVENT_KINDS.map((k) => k.kind))('event kind %s', (kind) => {
  const def = findEventKind(kind)!;
  const sample = SAMPLES[kind];
  const spec = { atMs: 500, kind, ...sample.event } as EventSpec;

  it('says what it is in words and declares its parameters', () => {
    expect(def.label.length).toBeGreaterThan(3);
    expect(def.label.length).toBeLessThanOrEqual(30);
    expect(def.help.length).toBeGreaterThan(20);
    expect(def.help).not.toMatch(/\n/);
    expect(Object.keys(def.params.shape)).toContain(def.targetKey);
    const parsed = EVENT_SCHEMAS[kind].safeParse(spec);
    expect(parsed.success).toBe(true);
    const r = parseScenario(sample.scenario([spec]));
    expect(r.ok ? '' : formatErrors(r.errors)).toBe('');
  });

  it('names its target, and the command line gives the same kind of event', () => {
    const s = sample.scenario([]);
    const [target, extra] = sample.cli;
    const params = def.fromTarget ? def.fromTarget(target, extra, fabricOf(s)) : { [def.targetKey]: target, ...extra };
    const ev = { atMs: 300, kind, ...params } as EventSpec;
    const r = parseScenario({ ...s, events: [ev] });
    expect(r.ok ? '' : formatErrors(r.errors)).toBe('');
    if (r.ok) expect(def.target(r.scenario.events![0])).toBe(target);
  });

  if (sample.bad) it('refuses what the scenario does not have, with a path and words', () => {
    const [bad, words] = sample.bad!;
    const r = parseScenario({ ...sample.scenario([]), events: [{ atMs: 500, kind, ...bad }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.some((e) => e.path.startsWith('events[0]'))).toBe(true);
      expect(formatErrors(r.errors)).toMatch(words);
    }
  });

  it('applies in its epoch: its outcome and the stream say what it did; pages and books stay true; the same seed runs the same', () => {
    const s = sample.scenario([spec]);
    const a = run(s), b = run(s);
    const e = a.engine;
    const out = e.eventOutcomes();
    expect(out).toHaveLength(1);
    expect(out[0].epoch).toBe(5);
    expect(out[0].kind).toBe(kind);
    expect(out[0].reason.length).toBeGreaterThan(5);
    if (out[0].kind !== 'hot-remove') expect(out[0].ok).toBe(sample.ok);
    expect(e.stream.all().some((r) => r.kind === 'event' && r.epoch === 5 && r.code === 0)).toBe(true);
    expect(e.mem.check()).toBeNull();
    expect(e.mem.placed() + a.rows[a.rows.length - 1].pagesUnplaced + e.lost.total).toBe(e.pages);
    expect(a.rows.reduce((x, r) => x + r.pagesLost, 0)).toBe(out.reduce((x, o) => x + o.pagesLost, 0));
    if (e.pool) { expect(e.pool.model.ledger.check()).toBeNull(); expect(e.pool.model.pages!.check()).toBeNull(); }
    expect(JSON.stringify(b.rows)).toBe(JSON.stringify(a.rows));
    expect(JSON.stringify(b.engine.eventOutcomes())).toBe(JSON.stringify(out));
    expect(STREAM.event).toBeGreaterThanOrEqual(0);
  });

  it('gives the Linux commands an operator would run or see, one per line', () => {
    const s = sample.scenario([spec]);
    const lines = def.linux(s.events![0], fabricOf(s));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l).not.toMatch(/\n/);
      expect(l).toMatch(LINUX);
    }
  });
});
