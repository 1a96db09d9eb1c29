// The contract of an event kind: something that happens to a running fabric at a simulated
// time (an operator's command, a fault, the application changing). One kind per file beside
// this one, listed in registry.ts; contract.test.ts checks every one. A kind declares:
// - its parameters (zod; the scenario format's `events[]` entries are { atMs, kind, ...params });
// - what it names (`target`: a device, a link "a-b", a workload, a policy, a host, a VM) and how
//   the command line's `--event KIND:TARGET@MS[,key=value...]` becomes its parameters;
// - what it refuses in a scenario (an unknown device, a link that does not exist...), with a path;
// - `apply`: what it does to the running engine, through EventContext, and what it did;
// - the Linux commands an operator would run or see for it (kernel and ndctl documentation).
// Nothing here may import the scenario format (it imports the registry): the facts a kind
// reads are the structural types below.
import type { z } from 'zod';

/** The scenario as the kinds read it (a parsed scenario fits). */
export interface ScenarioFacts {
  epochMs: number;
  epochs: number;
  pageSize: '4k' | '2m';
  hosts: readonly { id: string; cores: number }[];
  devices: readonly { id: string; kind: 'dram' | 'cxl'; capacityMB: number; host?: string; pool?: { kind: string; heads: readonly string[] }; zone?: 'normal' | 'movable' }[];
  switches: readonly { id: string }[];
  links: readonly { a: string; b: string; bandwidthGBps?: number; latencyNs?: number }[];
  workloads: readonly { id: string; hosts: readonly string[]; workingSetMB: number; pattern: string; intensity: number }[];
  interleaveSets?: readonly { id: string; devices: readonly string[] }[];
  pool?: { extentGiB: number } | undefined;
}

/** An event as the scenario holds it: its time, its kind, its parameters. */
export type EventSpec = { atMs: number; kind: string } & Record<string, unknown>;

/** What an event did (EventOutcome's numbers and words; src/engine/event-stream.ts). */
export interface Applied {
  ok: boolean;
  /** Why it failed, or what it did, in words. */
  reason: string;
  /** It keeps going over epochs (a hot-remove): the engine ends it and fills the rest in. */
  pending?: boolean;
  summary?: string;
  pagesMoved?: number;
  pagesLost?: number;
  pagesIsolated?: number;
  hostsHit?: string[];
  vmsHit?: number[];
  regionsHit?: string[];
  mces?: number;
  signalled?: number;
}

/** How memory is onlined (daxctl online-memory [--no-movable]). */
export type Zone = 'normal' | 'movable';

/** What an event may do to the running engine (src/engine/faults.ts implements it). */
export interface EventContext {
  readonly epoch: number;
  readonly epochMs: number;
  /** Indices in the run's fabric (the scenario's, plus devices and links hot-add events declare), -1 if none. */
  device(id: string): number;
  link(name: string): number;
  workload(id: string): number;
  host(id: string): number;
  /** Every page on the device lost (its interleave set's too): the blast radius. */
  failDevice(d: number): Applied;
  /** Takes the device's memory offline (pending: it ends when its pages are gone or it times out). */
  offlineDevice(d: number, o: { unmovableShare: number; timeoutMs: number }): Applied;
  /** Brings a device that is not there online, or adds capacity to one that is. */
  onlineDevice(d: number, o: { capacityMB?: number; zone?: Zone }): Applied;
  /** A link goes down, runs at other figures (factor: that share of its scenario bandwidth), or comes back (restore: its scenario figures). */
  setLink(l: number, o: { up: boolean; bandwidthGBps?: number; latencyNs?: number; restore?: boolean; factor?: number }): Applied;
  /** An uncorrectable error on one page (a workload's or one on the device; `page` within the workload, else seeded). */
  poison(o: { workload?: number; device?: number; page?: number }): Applied;
  switchPolicy(name: string, params: Record<string, number>): Applied;
  changeWorkload(w: number, patch: Record<string, number | string>): Applied;
  grantExtents(d: number, h: number, n: number): Applied;
  releaseExtents(d: number, h: number, n: number): Applied;
  startVm(o: { host: number; cores: number; memoryGiB: number; lifetimeMs: number }): Applied;
  stopVm(id: number): Applied;
}

/** A problem with an event in a scenario: the key it is about (under events[i]) and what is wrong. */
export interface EventIssue {
  key: string;
  message: string;
}

export interface EventKind<P extends z.ZodObject = z.ZodObject> {
  /** The name in `events[].kind` and on the command line. */
  kind: string;
  /** A few words for menus and lists. */
  label: string;
  /** One line: what it does and what it models. */
  help: string;
  /** Its parameters (without atMs and kind). */
  params: P;
  /** The key of `params` that names its target (what `--event KIND:TARGET@MS` gives). */
  targetKey: string;
  /** What it names, for the report's `target` and the app's list. */
  target(ev: EventSpec): string;
  /**
   * The parameters of `--event KIND:TARGET@MS,key=value...`: the target (already known to
   * exist where the kind needs it) and the extra keys, as written; the result is checked by
   * the format like a scenario's. Default: { [targetKey]: target, ...extra }.
   */
  fromTarget?(target: string, extra: Record<string, string | number>, s: ScenarioFacts): Record<string, unknown>;
  /** What is wrong with this event in this scenario (ids that do not exist, a pool it needs...). */
  check(ev: EventSpec, s: ScenarioFacts): EventIssue[];
  /** Does it, at the start of the epoch it falls in. */
  apply(ctx: EventContext, ev: EventSpec): Applied;
  /** The commands an operator would run, and what the kernel would log, for it (one per line). */
  linux(ev: EventSpec, s: ScenarioFacts): string[];
}

/** A kind, its parameters typed (each file's `defineEvent({...})`). */
export function defineEvent<P extends z.ZodObject>(k: Omit<EventKind<P>, 'target' | 'apply' | 'check' | 'linux'> & {
  target?(ev: z.output<P> & EventSpec): string;
  check(ev: z.output<P> & EventSpec, s: ScenarioFacts): EventIssue[];
  apply(ctx: EventContext, ev: z.output<P> & EventSpec): Applied;
  linux(ev: z.output<P> & EventSpec, s: ScenarioFacts): string[];
}): EventKind {
  return {
    ...k,
    target: (ev) => (k.target ? k.target(ev as z.output<P> & EventSpec) : String(ev[k.targetKey])),
    check: (ev, s) => k.check(ev as z.output<P> & EventSpec, s),
    apply: (ctx, ev) => k.apply(ctx, ev as z.output<P> & EventSpec),
    linux: (ev, s) => k.linux(ev as z.output<P> & EventSpec, s),
  } as EventKind;
}

/** The device of a fabric an id names (the scenario's, or one a hot-add event declares), or undefined. */
export function deviceFacts(s: ScenarioFacts, id: string): ScenarioFacts['devices'][number] | undefined {
  return s.devices.find((d) => d.id === id);
}

/** memN and daxN.0 names for device d among the CXL devices, as the kernel numbers them in order of discovery (assumed: scenario order). */
export function cxlNames(s: ScenarioFacts, id: string): { mem: string; dax: string; region: string } {
  const k = Math.max(0, s.devices.filter((d) => d.kind === 'cxl').findIndex((d) => d.id === id));
  return { mem: `mem${k}`, dax: `dax${k}.0`, region: `region${k}` };
}
