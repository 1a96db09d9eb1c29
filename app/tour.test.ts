import { describe, expect, it } from 'vitest';
import { overlap, placeStep, tourAllowed } from './tour';

describe('tourAllowed', () => {
  it('allows a plain first visit or a shared scenario', () => {
    expect(tourAllowed('', false)).toBe(true);
    expect(tourAllowed('#s=v1.abc', false)).toBe(true);
    expect(tourAllowed('#s=v1.abc&b=tpp', false)).toBe(true);
  });

  it('refuses a demo link (autoplay, presentation, embed, a sweep\'s panel) and any framed page', () => {
    for (const o of ['play=1', 'present=1', 'embed=1', 'play=true', 'sweep=epochMs=50,100;figure=amatNs']) expect(tourAllowed(`#s=v1.abc&b=tpp&${o}`, false), o).toBe(false);
    expect(tourAllowed('#s=v1.abc', true)).toBe(false);
  });

  it('reads the options only: a payload that contains "play=1" is not an option, and play=0 is no autoplay', () => {
    expect(tourAllowed('#s=v1.play=1', false)).toBe(true);
    expect(tourAllowed('#s=v1.abc&play=0', false)).toBe(true);
  });

  it('refuses a demo link however a chat tool wrote it: percent-encoded separators, once or twice, and options first', () => {
    expect(tourAllowed('#s%3Dv2.abc%26present%3D1', false)).toBe(false);
    expect(tourAllowed('#s%253Dv2.abc%2526embed%253D1', false)).toBe(false);
    expect(tourAllowed('#s=v2.abc%26play%3Dtrue', false)).toBe(false);
    expect(tourAllowed('#present=1&s=v2.abc', false)).toBe(false);
    expect(tourAllowed('#preset=octopus-pod&present=1', false)).toBe(false);
    expect(tourAllowed('#lesson=3&play=1&speed=20', false)).toBe(false);
    expect(tourAllowed('#s%3Dv2.abc%26b%3Dtpp', false)).toBe(true);
    expect(tourAllowed('#preset=octopus-pod', false)).toBe(true);
    expect(tourAllowed('#s=v2.abc%zz&present=1', false)).toBe(false);
  });
});

describe('placeStep: where a step dialog goes', () => {
  const win = { vw: 1366, vh: 768 };
  const place = (t: Parameters<typeof placeStep>[0], avoid: Parameters<typeof placeStep>[5]) => placeStep(t, 300, 200, win.vw, win.vh, avoid, 14, 8);
  it('below its element when it fits and covers nothing', () => {
    expect(place({ left: 100, top: 100, width: 400, height: 100 }, [])).toEqual({ left: 100, top: 214 });
  });
  it('not on a node of the machine: below, aligned to the other edge, or above or beside', () => {
    const card = { left: 16, top: 100, width: 1300, height: 150 };
    const dram = { left: 60, top: 300, width: 164, height: 78 };
    // Below the card at its left edge would cover the DRAM node: below at its right edge instead.
    expect(place(card, [dram])).toEqual({ left: 1016, top: 264 });
  });
  it('over its element when nothing fits beside it: the corner hiding least of the nodes', () => {
    const big = { left: 0, top: 0, width: 1366, height: 768 };
    const nodes = [{ left: 1000, top: 500, width: 160, height: 78 }];
    expect(place(big, nodes)).toEqual({ left: 14, top: 554 });
    expect(place(big, [])).toEqual({ left: 1052, top: 554 });
  });
  it('centred without an element', () => {
    expect(place(null, [])).toEqual({ left: 533, top: 284 });
  });
});

describe('overlap', () => {
  it('is the shared area', () => {
    expect(overlap({ left: 0, top: 0, width: 10, height: 10 }, { left: 5, top: 5, width: 10, height: 10 })).toBe(25);
    expect(overlap({ left: 0, top: 0, width: 10, height: 10 }, { left: 10, top: 0, width: 10, height: 10 })).toBe(0);
  });
});
