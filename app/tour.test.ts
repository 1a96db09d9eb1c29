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
});
