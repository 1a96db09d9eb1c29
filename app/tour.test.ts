import { describe, expect, it } from 'vitest';
import { tourAllowed } from './tour';

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
