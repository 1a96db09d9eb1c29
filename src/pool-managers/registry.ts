// Every pool manager, one line each (like src/policies/registry.ts).
import { onDemand } from './on-demand';
import { pond } from './pond';
import { staticPartition } from './static';
import type { PoolManagerDef } from './types';

export const POOL_MANAGERS: readonly PoolManagerDef[] = [staticPartition, onDemand, pond];

export function findPoolManager(name: string): PoolManagerDef | undefined {
  return POOL_MANAGERS.find((m) => m.name === name.toLowerCase());
}

export function poolManagerNames(): string[] {
  return POOL_MANAGERS.map((m) => m.name);
}
