import { describe, expect, it } from 'vitest';
import { deviceAt, pageStrip } from './page-history';

const ev = (epoch: number, from: string, to: string) => ({ page: 7, from, to, epoch, reason: from === 'cxl' ? 'promote' : 'demote' });

describe('pageStrip', () => {
  it('lays the history bits out oldest first, bit 0 = the newest epoch', () => {
    const cells = pageStrip(0b101, [], 'dram', 5);
    expect(cells.map((c) => c.epoch)).toEqual([0, 1, 2, 3, 4]);
    expect(cells.map((c) => c.accessed)).toEqual([false, false, true, false, true]);
    expect(cells.every((c) => c.device === 'dram')).toBe(true);
  });

  it('keeps the last 32 epochs of a long run', () => {
    const cells = pageStrip(0x80000001, [], 'dram', 100);
    expect(cells).toHaveLength(32);
    expect(cells[0]).toMatchObject({ epoch: 68, accessed: true });
    expect(cells[31]).toMatchObject({ epoch: 99, accessed: true });
    expect(cells.filter((c) => c.accessed)).toHaveLength(2);
  });

  it('rebuilds the tier over time from the moves: on `to` from the move\'s epoch on', () => {
    const events = [ev(3, 'cxl', 'dram'), ev(6, 'dram', 'cxl')];
    const cells = pageStrip(0, events, 'cxl', 8);
    expect(cells.map((c) => c.device)).toEqual(['cxl', 'cxl', 'cxl', 'dram', 'dram', 'dram', 'cxl', 'cxl']);
    expect(deviceAt(events, 'cxl', 100)).toBe('cxl');
    expect(deviceAt([], null, 3)).toBeNull();
  });

  it('a fresh run has no cells', () => {
    expect(pageStrip(0, [], 'dram', 0)).toEqual([]);
  });
});
