// What the pool's events share: they need a pool, a pooled device and (for extents) one of its heads.
import { deviceFacts, type EventIssue, type ScenarioFacts } from './types';

export function poolDeviceIssues(s: ScenarioFacts, device: string, host?: string): EventIssue[] {
  if (!s.pool) return [{ key: 'device', message: 'the scenario has no pool (no "pool" section)' }];
  const dev = deviceFacts(s, device);
  if (!dev) return [{ key: 'device', message: `no memory device "${device}"` }];
  if (!dev.pool) return [{ key: 'device', message: `"${device}" is not a pooled device (no "pool" on it)` }];
  if (host === undefined) return [];
  if (!s.hosts.some((h) => h.id === host)) return [{ key: 'host', message: `no host "${host}"` }];
  if (!dev.pool.heads.includes(host)) return [{ key: 'host', message: `host "${host}" has no head on "${device}" (heads: ${dev.pool.heads.join(', ')})` }];
  return [];
}
