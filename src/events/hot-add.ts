// Memory appears: a device that was taken away comes back (or a new one, described here, joins
// the fabric through a new link), or a device that is there gains capacity (an extent of a
// dynamic-capacity device). It is onlined as ZONE_MOVABLE (daxctl's default: only movable
// pages, so it can go offline again) or ZONE_NORMAL (anything, the kernel's own included);
// tiers regroup by its abstract distance and policies may use it from the next epoch.
import { z } from 'zod';
import { BOUNDS } from '../scenario/bounds';
import { cxlNames, defineEvent, deviceFacts, type EventIssue } from './types';
import { id, linkGBps, zone } from './fields';

/** A device that is not in the scenario: a CXL expander joining through a new link (numbers left out: the platform's). */
export const hotAddSpec = z.object({
  name: z.string().max(80).optional(),
  capacityMB: z.number().finite().positive().max(1 << 24),
  bandwidthGBps: z.number().finite().min(0.1).max(10_000).optional(),
  latencyNs: z.number().finite().min(1).max(100_000).optional(),
  adistance: z.number().int().min(BOUNDS.adistance.min).max(BOUNDS.adistance.max).optional(),
  x: z.number().finite().min(BOUNDS.coord.min).max(BOUNDS.coord.max).optional(),
  y: z.number().finite().min(BOUNDS.coord.min).max(BOUNDS.coord.max).optional(),
});

export default defineEvent({
  kind: 'hot-add',
  label: 'Hot-add memory',
  help: 'A device comes (back) online, or one gains capacity; onlined as ZONE_MOVABLE (default) or ZONE_NORMAL; a new device is described by spec and joins by a link to attach',
  params: z.object({
    device: id,
    /** Capacity added to a device that is online (an extent), or the capacity it comes back with. */
    capacityMB: z.number().finite().positive().max(1 << 24).optional(),
    zone: zone.default('movable'),
    spec: hotAddSpec.optional(),
    /** With spec: the switch or host the new device's link joins, and that link's bandwidth (GB/s). */
    attach: id.optional(),
    linkGBps: linkGBps.optional(),
  }),
  targetKey: 'device',
  check: (ev, s) => {
    const out: EventIssue[] = [];
    const dev = deviceFacts(s, ev.device);
    if (ev.spec) {
      if (!ev.attach) out.push({ key: 'attach', message: 'a new device joins the fabric through a link: name the switch or host it attaches to' });
      else if (!s.switches.some((w) => w.id === ev.attach) && !s.hosts.some((h) => h.id === ev.attach)) out.push({ key: 'attach', message: `no switch or host "${ev.attach}"` });
    } else {
      if (!dev) out.push({ key: 'device', message: `no memory device "${ev.device}" (a new one needs its spec and attach)` });
      if (ev.attach !== undefined || ev.linkGBps !== undefined) out.push({ key: 'attach', message: 'attach and linkGBps describe a new device: give its spec too' });
    }
    return out;
  },
  apply: (ctx, ev) => ctx.onlineDevice(ctx.device(ev.device), { capacityMB: ev.capacityMB, zone: ev.zone }),
  linux: (ev, s) => {
    const dev = deviceFacts(s, ev.device);
    if (dev && dev.kind === 'dram') return ['echo online > /sys/devices/system/memory/memory<N>/state   # each new memory block of the DIMM (ACPI hot-plug)'];
    const { mem, dax, region } = cxlNames(s, ev.device);
    const online = ev.zone === 'movable'
      ? `daxctl reconfigure-device --mode=system-ram ${dax}   # onlines it ZONE_MOVABLE, daxctl's default`
      : `daxctl reconfigure-device --mode=system-ram --no-online ${dax} && daxctl online-memory --no-movable ${dax}   # ZONE_NORMAL`;
    if (ev.capacityMB !== undefined && !ev.spec && dev) {
      return [`# dynamic capacity: the fabric manager adds an extent of ${ev.capacityMB} MB to the host`, `daxctl create-device -r ${region} -s ${ev.capacityMB}M`, online.replace(dax, `${dax.slice(0, -2)}.1`)];
    }
    return [
      `cxl enable-memdev ${mem}`,
      `cxl create-region -m -d decoder0.0 -w 1 ${mem}   # ${region}; root decoder assumed`,
      online,
      `# or by block: echo ${ev.zone === 'movable' ? 'online_movable' : 'online_kernel'} > /sys/devices/system/memory/memory<N>/state`,
    ];
  },
});
