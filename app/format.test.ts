import { describe, expect, it } from 'vitest';
import { nodeList } from './format';

describe('nodeList', () => {
  it('prints node numbers as Linux nodelist files do', () => {
    expect(nodeList([0])).toBe('0');
    expect(nodeList([2, 0, 1, 5, 7, 6])).toBe('0-2,5-7');
    expect(nodeList([1, 3])).toBe('1,3');
    expect(nodeList([])).toBe('');
  });
});
