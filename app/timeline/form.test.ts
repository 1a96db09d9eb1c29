// The injector's form is read off the event registry: every parameter of every kind is a field
// (or named as left to the scenario file), with the schema's bounds, default and unit; what the
// form makes is checked by the scenario format, whose words it shows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, findEventKind } from '../../src/events/registry';
import { oneHost, pooled } from '../../src/events/test-support';
import { BOUNDS } from '../../src/scenario/bounds';
import type { Scenario } from '../../src/scenario/schema';
import { parseScenario } from '../../src/scenario/validate';
import { checkEvent, choicesFor, eventOf, formOf, initialValues, parseMs, unitOf, valuesOf, withEvent, withoutEvent } from './form';

function preset(name: string): Scenario {
  const r = parseScenario(JSON.parse(readFileSync(`public/presets/${name}.json`, 'utf8')));
  if (!r.ok) throw new Error(name);
  return r.scenario;
}
const faults = preset('shared-faults');
const kind = (k: string) => findEventKind(k)!;

describe('formOf', () => {
  it.each(EVENT_KINDS.map((k) => k.kind))('%s: every parameter is a field or named as skipped, the target among the fields', (k) => {
    const def = kind(k);
    const form = formOf(def, pooled());
    const keys = [...form.fields.map((f) => f.key), ...form.skipped];
    expect(keys.sort()).toEqual(Object.keys(def.params.shape).sort());
    expect(form.fields.filter((f) => f.target).map((f) => f.key)).toEqual([def.targetKey]);
    expect(form.help).toBe(def.help);
  });

  it('takes bounds, defaults, whole numbers and units from the schema', () => {
    const hr = formOf(kind('hot-remove'), faults).fields;
    const share = hr.find((f) => f.key === 'unmovableShare')!;
    expect(share).toMatchObject({ type: 'number', min: BOUNDS.unmovableShare.min, max: BOUNDS.unmovableShare.max, defaultValue: BOUNDS.unmovableShare.default, optional: true, unit: '0–1' });
    expect(hr.find((f) => f.key === 'timeoutMs')).toMatchObject({ unit: 'ms', defaultValue: BOUNDS.offlineTimeoutMs.default, max: BOUNDS.offlineTimeoutMs.max });
    const vm = formOf(kind('vm-start'), pooled()).fields;
    expect(vm.find((f) => f.key === 'cores')).toMatchObject({ integer: true, min: BOUNDS.vmCores.min, max: BOUNDS.vmCores.max });
    expect(vm.find((f) => f.key === 'memoryGiB')?.unit).toBe('GiB');
    // intensity must be above 0 (gt): the bound is exclusive.
    expect(formOf(kind('workload'), faults).fields.find((f) => f.key === 'intensity')).toMatchObject({ min: 0, minExclusive: true });
    expect(formOf(kind('hot-add'), faults).skipped).toEqual(['spec']);
    expect(formOf(kind('hot-add'), faults).fields.find((f) => f.key === 'zone')).toMatchObject({ type: 'choice', defaultValue: 'movable', choices: [{ value: 'normal' }, { value: 'movable' }] });
  });

  it('offers what a field names from the running scenario', () => {
    const dev = formOf(kind('device-fail'), faults).fields[0];
    expect(dev.choices!.map((c) => c.value)).toEqual(faults.devices.map((d) => d.id));
    expect(dev.choices!.find((c) => c.value === 'pool0')!.label).toBe('Shared pool 0 (pool0)');
    expect(choicesFor('link', faults)!.map((c) => c.value)).toContain('sw0-pool1');
    // A union with a literal: "any" host comes first.
    expect(formOf(kind('vm-start'), pooled()).fields[0].choices!.map((c) => c.value)).toEqual(['any', 'h0', 'h1', 'h2', 'h3']);
    expect(choicesFor('cores', faults)).toBeNull();
    expect([unitOf('capacityMB'), unitOf('latencyNs'), unitOf('bandwidthGBps'), unitOf('page')]).toEqual(['MB', 'ns', 'GB/s', undefined]);
  });
});

describe('the event a form makes', () => {
  it('leaves empty fields to the schema and parses numbers; a fresh form of each kind is accepted or refused in words', () => {
    const form = formOf(kind('hot-remove'), faults);
    expect(eventOf(form, 3000, { device: 'pool1', unmovableShare: '', timeoutMs: ' 2000 ' })).toEqual({ atMs: 3000, kind: 'hot-remove', device: 'pool1', timeoutMs: 2000 });
    expect(eventOf(form, 3000, { device: 'pool1', timeoutMs: 'soon' }).timeoutMs).toBeNaN();
    for (const def of EVENT_KINDS) {
      for (const s of [faults, pooled(), oneHost()]) {
        const f = formOf(def, s);
        const bad = checkEvent(s, eventOf(f, 0, initialValues(f)), null);
        if (bad !== null) expect(bad).toMatch(/^events\[\d+\]/);
      }
    }
    expect(checkEvent(faults, eventOf(formOf(kind('device-fail'), faults), 3000, { device: 'pool1' }), null)).toBeNull();
  });

  it('is refused with the format\'s rule in words: a time before 0, after the run, not a number; a target that does not exist', () => {
    const f = formOf(kind('device-fail'), faults);
    expect(checkEvent(faults, eventOf(f, -5, { device: 'pool1' }), null)).toBe('events[2].atMs: must be at least 0 (got -5)');
    expect(checkEvent(faults, eventOf(f, 9000, { device: 'pool1' }), null)).toMatch(/after the run ends \(80 epochs x 100 ms = 8000 ms\)/);
    expect(checkEvent(faults, eventOf(f, parseMs('3 s'), { device: 'pool1' }), null)).toMatch(/atMs: must be a finite number/);
    expect(checkEvent(faults, eventOf(f, 100, { device: 'nope' }), null)).toBe('events[2].device: no memory device "nope"');
    // An edit in place names the event edited.
    expect(checkEvent(faults, eventOf(f, -1, { device: 'pool1' }), 0)).toMatch(/^events\[0\]\.atMs/);
  });

  it('round-trips an event on the timeline through its form, and edits and removals keep the others', () => {
    const ev = faults.events![1];
    const form = formOf(kind(ev.kind), faults);
    expect(eventOf(form, ev.atMs, valuesOf(form, ev))).toEqual(ev);
    // What the form does not show stays as it was when an event is edited.
    const add = { atMs: 100, kind: 'hot-add', device: 'cxl9', zone: 'movable', spec: { capacityMB: 16 }, attach: 'sw0' };
    const addForm = formOf(kind('hot-add'), faults);
    expect(eventOf(addForm, 200, { ...valuesOf(addForm, add), zone: 'normal' }, add)).toEqual({ ...add, atMs: 200, zone: 'normal' });
    const moved = withEvent(faults, { ...ev, atMs: 6000 }, 1);
    expect(moved.events!.map((e) => e.atMs)).toEqual([2000, 6000]);
    expect(withoutEvent(faults, 0).events).toEqual([ev]);
    expect(withoutEvent(withoutEvent(faults, 0), 0).events).toBeUndefined();
  });
});

describe('field help', () => {
  it('is the description the registry declares on a parameter', () => {
    const hr = formOf(findEventKind('hot-remove')!, faults).fields;
    expect(hr.find((f) => f.key === 'timeoutMs')!.help).toBe('how long the operator lets the offline retry');
    expect(formOf(findEventKind('poison')!, faults).fields.find((f) => f.key === 'page')!.help).toMatch(/^the page within the workload's address space/);
    expect(hr.find((f) => f.key === 'device')!.help).toBeUndefined();
  });
});
