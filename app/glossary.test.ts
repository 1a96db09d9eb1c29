import { describe, expect, it } from 'vitest';
import { METRICS, type Metric } from '../src/metrics/registry';
import { GLOSSARY, glossaryEntry, linkTerm, splitTerms } from './glossary';

/** The terms issue 9, the classroom brief and issue 8's pool panel name: each must have an entry. */
const REQUIRED = ['hint fault', 'kswapd', 'watermark', 'abstract distance', 'epoch', 'sampled access', 'AMAT', 'weighted interleave',
  'zNUMA', 'stranding', 'untouched memory', 'extent', 'MHD', 'DCD', 'blast radius', 'memory tier', 'NUMA distance', 'promotion', 'demotion', 'first-touch'];

describe('glossary data', () => {
  it('has every required term, each with a Linux name and a definition', () => {
    const terms = GLOSSARY.map((e) => e.term);
    for (const t of REQUIRED) expect(terms).toContain(t);
    for (const e of GLOSSARY) {
      expect(e.linux.length, e.id).toBeGreaterThan(10);
      expect(e.text.length, e.id).toBeGreaterThan(20);
    }
  });

  it('ids are unique and no spelling links to two entries', () => {
    expect(new Set(GLOSSARY.map((e) => e.id)).size).toBe(GLOSSARY.length);
    const spellings = GLOSSARY.flatMap((e) => [e.term, ...(e.also ?? [])].map((s) => s.toLowerCase()));
    expect(new Set(spellings).size).toBe(spellings.length);
  });
});

describe('the metric registry\'s terms', () => {
  it('each names an entry and links in the figure\'s label', () => {
    const termed = (METRICS as readonly Metric[]).filter((m) => m.term);
    expect(termed.map((m) => m.key)).toEqual(expect.arrayContaining(['amatNs', 'fastTierAccessShare']));
    for (const m of termed) {
      expect(glossaryEntry(m.term!), m.key).toBeDefined();
      expect(linkTerm(m.label, m.term!).filter((p) => typeof p !== 'string'), m.key).toEqual([expect.objectContaining({ id: m.term })]);
    }
  });

  it('links only the given entry', () => {
    expect(linkTerm('Fast-tier share', 'fast-tier')).toEqual([{ text: 'Fast-tier', id: 'fast-tier' }, ' share']);
    expect(linkTerm('AMAT of the fast tier', 'amat')).toEqual([{ text: 'AMAT', id: 'amat' }, ' of the fast tier']);
  });
});

describe('splitTerms', () => {
  const ids = (text: string) => splitTerms(text).flatMap((s) => (typeof s === 'string' ? [] : [s.id]));

  it('links the first mention of each term and keeps the text intact', () => {
    const text = 'kswapd demotes cold pages when DRAM falls below its watermark; kswapd then sleeps.';
    const parts = splitTerms(text);
    expect(parts.map((p) => (typeof p === 'string' ? p : p.text)).join('')).toBe(text);
    expect(ids(text)).toEqual(['kswapd', 'demotion', 'watermark']);
  });

  it('prefers the longest spelling and ignores case', () => {
    expect(ids('Weighted interleave beats interleave')).toEqual(['weighted-interleave', 'interleave']);
    expect(ids('NUMA hint faults promote pages')).toEqual(['hint-fault', 'promotion']);
    expect(ids('the fast-tier share of the memory tiers')).toEqual(['fast-tier', 'memory-tier']);
  });

  it('never links inside identifiers, paths or policy names', () => {
    expect(ids('memory_tier4 under /sys/devices/virtual/memory_tiering; linux-tiering; MPOL_INTERLEAVE; promote_rate_limit')).toEqual([]);
    expect(ids('policy linux-no-tiering and first-touch')).toEqual(['first-touch']);
  });

  it('skips terms it is told to', () => {
    expect(ids('AMAT and epoch')).toEqual(['amat', 'epoch']);
    expect(splitTerms('AMAT and epoch', new Set(['amat'])).flatMap((s) => (typeof s === 'string' ? [] : [s.id]))).toEqual(['epoch']);
    expect(glossaryEntry('amat')?.term).toBe('AMAT');
  });
});
