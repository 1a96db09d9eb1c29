// Form fields come from the schema: its bounds (BOUNDS, LIMITS) and the labels schema.ts declares.
import { describe, expect, it } from 'vitest';
import { BOUNDS } from './bounds';
import { formFields, ruleText } from './fields';
import { hostSchema, linkSchema, memoryDeviceSchema, podSchema, switchSchema } from './schema';

describe('formFields', () => {
  it('lists the labelled fields of each fabric object, never its id or position', () => {
    for (const o of [hostSchema, memoryDeviceSchema, switchSchema, linkSchema, podSchema]) {
      const keys = formFields(o).map((f) => f.key);
      expect(keys.length).toBeGreaterThan(0);
      for (const k of ['id', 'x', 'y', 'kind', 'host', 'pool', 'a', 'b']) expect(keys).not.toContain(k);
    }
  });

  it('takes bounds from the schema (declared in BOUNDS) and labels from its meta', () => {
    const ad = formFields(memoryDeviceSchema).find((f) => f.key === 'adistance')!;
    expect(ad.leaf).toMatchObject({ kind: 'number', min: BOUNDS.adistance.min, max: BOUNDS.adistance.max, integer: true });
    expect(ad.label).toBe('Abstract distance');
    expect(ad.optional).toBe(true);
    expect(ad.unset).toBeTruthy();
    const cap = formFields(memoryDeviceSchema).find((f) => f.key === 'capacityMB')!;
    expect(cap).toMatchObject({ unit: 'MB', optional: false });
    expect(ruleText(cap.leaf)).toBe(`more than 0, at most ${1 << 24}`);
    const ports = formFields(podSchema).find((f) => f.key === 'hostPorts')!;
    expect(ports.leaf).toMatchObject({ min: BOUNDS.podPorts.min, max: BOUNDS.podPorts.max });
    expect(formFields(podSchema).find((f) => f.key === 'design')!.leaf).toEqual({ kind: 'enum', options: ['switch', 'mhd', 'octopus'] });
  });
});
