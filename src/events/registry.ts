// Every event kind, one per file beside this one (the contract: types.ts). The scenario format's
// `events[]`, the command line's --event, the app's injector and contract.test.ts read this list.
import deviceFail from './device-fail';
import extentGrant from './extent-grant';
import extentRelease from './extent-release';
import hotAdd from './hot-add';
import hotRemove from './hot-remove';
import linkDegrade from './link-degrade';
import linkFail from './link-fail';
import linkRecover from './link-recover';
import poison from './poison';
import policy from './policy';
import vmStart from './vm-start';
import vmStop from './vm-stop';
import workload from './workload';
import type { EventKind } from './types';

export const EVENT_KINDS: readonly EventKind[] = [
  policy, workload, hotAdd, hotRemove, deviceFail, linkFail, linkDegrade, linkRecover, poison, extentGrant, extentRelease, vmStart, vmStop,
];

export const EVENT_KIND_NAMES = EVENT_KINDS.map((k) => k.kind) as [string, ...string[]];

export function findEventKind(kind: string): EventKind | undefined {
  return EVENT_KINDS.find((k) => k.kind === kind);
}
