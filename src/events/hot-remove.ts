// Memory taken offline and away (src/engine/drain.ts): its movable pages migrate off first
// (reason `offline`, charged like every migration, one kernel thread's rate); pages that cannot
// move (long-term pins, only in ZONE_NORMAL) fail every pass, the kernel retries, and the
// operator gives up after timeoutMs: the removal fails with -EBUSY, saying which pages blocked it.
import { z } from 'zod';
import { BOUNDS } from '../scenario/bounds';
import { cxlNames, defineEvent, deviceFacts } from './types';
import { id } from './fields';

export default defineEvent({
  kind: 'hot-remove',
  label: 'Hot-remove memory',
  help: 'Takes a device\'s memory offline, as daxctl offline-memory does: movable pages migrate off, unmovable ones (ZONE_NORMAL only) block it until the operator gives up',
  params: z.object({
    device: id,
    // Descriptions: the app's injector shows them beside the fields.
    unmovableShare: z.number().finite().min(BOUNDS.unmovableShare.min).max(BOUNDS.unmovableShare.max).default(BOUNDS.unmovableShare.default)
      .describe('share of the pages on it that cannot move when it is in ZONE_NORMAL (long-term pins; assumed default)'),
    timeoutMs: z.number().finite().min(BOUNDS.offlineTimeoutMs.min).max(BOUNDS.offlineTimeoutMs.max).default(BOUNDS.offlineTimeoutMs.default)
      .describe('how long the operator lets the offline retry'),
  }),
  targetKey: 'device',
  check: (ev, s) => (deviceFacts(s, ev.device) ? [] : [{ key: 'device', message: `no memory device "${ev.device}"` }]),
  apply: (ctx, ev) => ctx.offlineDevice(ctx.device(ev.device), { unmovableShare: ev.unmovableShare, timeoutMs: ev.timeoutMs }),
  linux: (ev, s) => {
    const dev = deviceFacts(s, ev.device);
    const secs = Math.max(1, Math.ceil(ev.timeoutMs / 1000));
    if (dev && dev.kind === 'dram') return [`timeout ${secs} sh -c 'echo offline > /sys/devices/system/memory/memory<N>/state'   # each block of the DIMM`, 'echo 1 > /sys/bus/acpi/devices/PNP0C80:<XX>/eject   # then the platform takes the memory device away'];
    const { mem, dax, region } = cxlNames(s, ev.device);
    return [
      `timeout ${secs} daxctl offline-memory ${dax}   # or per block: echo offline > /sys/devices/system/memory/memory<N>/state`,
      `cxl disable-region ${region}`,
      `cxl disable-memdev ${mem}`,
      '# if pages will not move, the kernel logs (dynamic debug): memory offlining [mem 0x...-0x...] failed due to signal backoff',
    ];
  },
});
