// The glossary, declared once: every term the screens use, in plain words with the name Linux
// (or the paper, or the tool) gives it beside it. The glossary dialog lists these entries; the
// <Term> links and the automatic linking of longer texts (splitTerms) find them here.

export interface GlossaryEntry {
  /** Stable id: the anchor of the entry and the value of <Term id=…>. */
  id: string;
  /** The plain name, as the screens write it. */
  term: string;
  /** What Linux (or the source that named it) calls it and where it can be seen. */
  linux: string;
  /** What it means, in a few sentences. */
  text: string;
  /** The spellings that link to this entry in running text, besides `term` (matched whole-word, any case). */
  also?: readonly string[];
}

const ENTRIES = [
  {
    id: 'abstract-distance',
    term: 'abstract distance',
    linux: 'a memory type\'s adistance: DRAM 576 (MEMTIER_ADISTANCE_DRAM), CXL and dax kmem 2880 (MEMTIER_DEFAULT_DAX_ADISTANCE)',
    text: 'The number Linux sorts memory types by when it builds memory tiers: lower is faster. Each band of 128 is one tier, so memory types with close distances share a tier.',
    also: ['abstract distances', 'adistance'],
  },
  {
    id: 'amat',
    term: 'AMAT',
    linux: 'average memory access time; no kernel counter: Intel MLC and pcm-memory measure latency, perf mem samples it per load',
    text: 'The mean time one memory access takes, in nanoseconds, weighted by where the accesses went: each path\'s idle latency plus the queueing on busy devices and links.',
    also: ['average memory access time'],
  },
  {
    id: 'blast-radius',
    term: 'blast radius',
    linux: 'what memory_failure() and a machine check (MCE) reach: every task or VM with pages on the failed memory',
    text: 'Which hosts a failure hits. A socket\'s own DRAM failing hits one host; a pooled CXL expander failing hits every host with pages on it.',
  },
  {
    id: 'cxl-expander',
    term: 'CXL memory expander',
    linux: 'a CXL Type-3 device (cxl list); daxctl reconfigure-device --mode=system-ram onlines it as a CPU-less NUMA node',
    text: 'Memory on a card or in a box, reached over a CXL link (the PCIe 5.0 physical layer) through its own memory controller: larger and cheaper per byte than a socket\'s DRAM, slower and with less bandwidth.',
    also: ['CXL expanders', 'CXL expander', 'memory expander', 'memory expanders', 'Type-3 expander', 'Type-3 expanders'],
  },
  {
    id: 'demotion',
    term: 'demotion',
    linux: 'reclaim-time demotion to the next tier (pgdemote_kswapd, pgdemote_direct in /proc/vmstat; needs /sys/kernel/mm/numa/demotion_enabled = 1)',
    text: 'Moving a cold page from a faster tier to a slower one to make room. Linux demotes during reclaim, mostly from kswapd; the copy costs bandwidth on both devices.',
    also: ['demotions', 'demote', 'demotes', 'demoted', 'demoting'],
  },
  {
    id: 'epoch',
    term: 'epoch',
    linux: 'the simulator\'s time step (the scenario\'s epochMs, usually 100 ms); Linux has no such step',
    text: 'One step of the simulation: the engine carries out the migrations decided before, draws and serves this epoch\'s sampled accesses, then shows the epoch to the policy. Epochs are numbered from 0; every figure says whether it is this epoch\'s or the run\'s.',
    also: ['epochs'],
  },
  {
    id: 'dcd',
    term: 'DCD',
    linux: 'dynamic capacity device (CXL 3.0): the kernel\'s cxl driver surfaces its extents as DAX regions that come and go (cxl list shows them)',
    text: 'A CXL memory device that hands capacity to hosts in extents and takes it back while they run, without a reset. The pool manager decides who gets which extent.',
    also: ['dynamic capacity device'],
  },
  {
    id: 'extent',
    term: 'extent',
    linux: 'a DCD extent (cxl list -X), or a Pond slice: the unit a pool grants, 1 GiB in Pond',
    text: 'The piece of pool capacity a pool manager grants to one host and later reclaims. A host can use only the extents it holds; an extent no host holds is free in the pool.',
    also: ['extents'],
  },
  {
    id: 'fast-tier',
    term: 'fast tier',
    linux: 'a node in the top tier (node_is_toptier()); for a CPU, the best memory tier it reaches',
    text: 'For each host, the fastest memory tier among the devices it can reach. The fast-tier share is the share of accesses that tier served: local and remote DRAM both count.',
    also: ['fast-tier', 'top tier'],
  },
  {
    id: 'first-touch',
    term: 'first-touch',
    linux: 'the default local allocation policy (MPOL_DEFAULT / MPOL_LOCAL), falling back along the node\'s zonelist',
    text: 'A page lands on the node nearest to the CPU that first touches it, or the next nearest when that one is full, and stays there unless something moves it.',
    also: ['first touch'],
  },
  {
    id: 'hint-fault',
    term: 'hint fault',
    linux: 'NUMA balancing\'s PROT_NONE fault: the scanner (task_numa_work) makes a range inaccessible and the next touch faults; numa_hint_faults in /proc/vmstat',
    text: 'How Linux learns which pages a task uses. The time from the scan to the fault says how hot the page is: in tiering mode a slow-tier page is hot when it faults within numa_balancing_hot_threshold_ms. Each fault costs the thread a few microseconds.',
    also: ['hint faults', 'hint-fault', 'hint-faults', 'NUMA hint fault', 'NUMA hint faults'],
  },
  {
    id: 'hot-set',
    term: 'hot set',
    linux: 'the frequently used part of the working set (roughly the active LRU list; DAMON\'s hot regions)',
    text: 'The pages that get most of the accesses. If the hot set fits in the fast tier, a policy that finds it gets most of the benefit of all-DRAM memory.',
    also: ['hot sets'],
  },
  {
    id: 'interleave',
    term: 'interleave',
    linux: 'MPOL_INTERLEAVE (numactl --interleave)',
    text: 'Places pages round-robin over a set of nodes, so each node holds an equal share and serves an equal share of the accesses.',
    also: ['interleaving', 'interleaved'],
  },
  {
    id: 'kswapd',
    term: 'kswapd',
    linux: 'the per-node reclaim kernel thread (kswapd0, kswapd1, …)',
    text: 'Wakes when a node\'s free memory falls below its low watermark and frees pages until the high watermark. With demotion enabled it demotes cold pages to the next tier instead of swapping them out.',
  },
  {
    id: 'loaded-latency',
    term: 'loaded latency',
    linux: 'latency under load, as Intel MLC --loaded_latency measures it',
    text: 'A device or link answers in its idle latency only when nearly idle; as it gets busy, requests queue, and near its peak bandwidth the latency climbs steeply.',
    also: ['loaded latencies'],
  },
  {
    id: 'mhd',
    term: 'MHD',
    linux: 'multi-headed device: one CXL Type-3 device with several ports, each seen by its host as its own memory device (cxl list -M)',
    text: 'A CXL memory device with several heads, each a port to one host. Its capacity is split among the heads; Pond moves it between them in 1 GiB slices.',
    also: ['multi-headed device', 'multi-headed devices'],
  },
  {
    id: 'memory-tier',
    term: 'memory tier',
    linux: 'memory_tierN under /sys/devices/virtual/memory_tiering (N = abstract distance / 128), with its nodelist',
    text: 'A group of NUMA nodes of similar speed, formed by abstract distance, not by path. Tiering policies promote hot pages to a faster tier and demote cold pages to a slower one.',
    also: ['memory tiers', 'tier', 'tiers'],
  },
  {
    id: 'node-mask',
    term: 'node mask',
    linux: 'a memory policy\'s nodemask (set_mempolicy, mbind; numactl --membind / --interleave=<nodes>)',
    text: 'The NUMA nodes a policy may place pages on.',
  },
  {
    id: 'numa-balancing',
    term: 'NUMA balancing',
    linux: 'kernel.numa_balancing: 1 moves pages toward the CPUs that use them, 2 (NUMA_BALANCING_MEMORY_TIERING) promotes hot slow-tier pages',
    text: 'The kernel\'s automatic page placement: it scans address spaces, takes hint faults, and migrates pages that are used from far away or from a slow tier.',
  },
  {
    id: 'numa-distance',
    term: 'NUMA distance',
    linux: 'the SLIT distance numactl --hardware prints (/sys/devices/system/node/nodeN/distance; 10 = local)',
    text: 'How far a memory node is from a CPU, per path: remote DRAM and CXL are farther than local DRAM. Memory tiers group by memory type instead, so remote DRAM is farther yet in the same tier as local.',
    also: ['NUMA distances', 'numactl distance', 'numactl distances'],
  },
  {
    id: 'promotion',
    term: 'promotion',
    linux: 'NUMA balancing\'s migration to the top tier on a hint fault (migrate_misplaced_folio; pgpromote_success in /proc/vmstat)',
    text: 'Moving a hot page from a slower tier to a faster one. Linux does it on the faulting thread, which pays for the copy; the rate is limited (numa_balancing_promote_rate_limit_MBps).',
    also: ['promotions', 'promote', 'promotes', 'promoted', 'promoting'],
  },
  {
    id: 'sample',
    term: 'sampled access',
    linux: 'like a PEBS sample (perf mem) or a DAMON access check: one observed access standing for many',
    text: 'The simulator does not replay every 64-byte access: each epoch it draws a fixed number of accesses per host, and each stands for a known number of real ones (the live metrics say how many).',
    also: ['sampled accesses', 'sample', 'samples'],
  },
  {
    id: 'stranding',
    term: 'stranding',
    linux: 'no kernel name: a cloud-scheduling effect (Pond, ASPLOS\'23)',
    text: 'Memory no one can use because its server\'s cores are all rented: it sits idle while another server runs short. Pond measured a median 6 % of memory stranded at 75 % of cores rented, over 10 % at 85 %; a CXL pool lets that memory go where it is needed.',
    also: ['stranded memory', 'stranded'],
  },
  {
    id: 'untouched',
    term: 'untouched memory',
    linux: 'no kernel counter: pages a guest never faults in (Pond predicts them per VM)',
    text: 'Memory a VM was given but never touches. Pond found the median VM leaves about half of its memory untouched; it places a prediction of it on the pool, where its slower latency costs nothing.',
    also: ['untouched'],
  },
  {
    id: 'watermark',
    term: 'watermark',
    linux: 'the zone watermarks min / low / high (/proc/zoneinfo), spaced by vm.watermark_scale_factor (default 10 = 0.1 % of the node)',
    text: 'Free-memory thresholds: below low, kswapd wakes; at high, it sleeps again. TPP and Memtis keep their own, higher watermarks so there is room for promotions.',
    also: ['watermarks'],
  },
  {
    id: 'weighted-interleave',
    term: 'weighted interleave',
    linux: 'MPOL_WEIGHTED_INTERLEAVE (Linux 6.9+; weights in /sys/kernel/mm/mempolicy/weighted_interleave/nodeN)',
    text: 'Interleave in proportion to a weight per node, for example its bandwidth, so every node\'s bandwidth serves at once.',
    also: ['weighted-interleave'],
  },
  {
    id: 'znuma',
    term: 'zNUMA',
    linux: 'a CPU-less NUMA node: numactl --hardware lists it with no cpus',
    text: 'Pond (Azure) gives a VM its pool memory as a zero-core virtual NUMA node, so the guest places memory it uses less there. In this simulator every CXL expander is such a node.',
    also: ['zero-core NUMA node', 'CPU-less NUMA node'],
  },
] as const satisfies readonly GlossaryEntry[];

/** The id of an entry: <Term id=…> is checked against the list when the app is type-checked. */
export type TermId = (typeof ENTRIES)[number]['id'];

export const GLOSSARY: readonly (GlossaryEntry & { id: TermId })[] = ENTRIES;

const byId = new Map<string, GlossaryEntry>(GLOSSARY.map((e) => [e.id, e] as const));

export function glossaryEntry(id: string): GlossaryEntry | undefined {
  return byId.get(id);
}

/** Every spelling that links to an entry, longest first (so "weighted interleave" wins over "interleave"). */
const spellings: { text: string; id: TermId }[] = GLOSSARY
  .flatMap((e) => [e.term, ...(e.also ?? [])].map((text) => ({ text, id: e.id })))
  .sort((a, b) => b.text.length - a.text.length);
const byLower = new Map(spellings.map((s) => [s.text.toLowerCase(), s.id] as const));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Whole words only: not inside identifiers ("memory_tier4", "linux-tiering", "/proc/vmstat").
const PATTERN = new RegExp(`(?<![\\w/-])(?:${spellings.map((s) => escape(s.text)).join('|')})(?![\\w/-])`, 'gi');

export type Segment = string | { text: string; id: TermId };

/**
 * Splits running text into plain strings and glossary terms: the first mention of each entry
 * becomes a term (later ones, and those in `skip`, stay plain, so a paragraph is not a sea of links).
 */
export function splitTerms(text: string, skip: ReadonlySet<string> = new Set()): Segment[] {
  return split(text, new Set(skip));
}

/**
 * A label with one entry's first mention linked and nothing else: a metric's label and its
 * registry term (src/metrics/registry.ts), e.g. "Fast-tier share" -> [fast-tier "Fast-tier", " share"].
 */
export function linkTerm(text: string, id: string): Segment[] {
  return split(text, new Set(GLOSSARY.flatMap((e) => (e.id === id ? [] : [e.id]))));
}

/** Splits several texts read one after the other: each term is linked once, at its first mention in any. */
export function splitAll(texts: readonly string[]): Segment[][] {
  const seen = new Set<string>();
  return texts.map((t) => split(t, seen));
}

/** Links terms not in `seen`, and adds them to it. */
function split(text: string, seen: Set<string>): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const m of text.matchAll(PATTERN)) {
    const id = byLower.get(m[0].toLowerCase());
    if (!id || seen.has(id)) continue;
    seen.add(id);
    if (m.index > at) out.push(text.slice(at, m.index));
    out.push({ text: m[0], id });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}
