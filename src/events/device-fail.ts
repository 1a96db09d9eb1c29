// A device dies: every page on it is lost (a member of an interleave set takes the whole set),
// attributed to this event, and its blast radius counted: hosts, VMs, shared regions, bytes.
import { z } from 'zod';
import { cxlNames, defineEvent, deviceFacts } from './types';
import { id } from './fields';

export default defineEvent({
  kind: 'device-fail',
  label: 'Device failure',
  help: 'A memory device fails: every page on it (its whole interleave set\'s) is lost; its blast radius is the hosts, VMs and shared regions that had memory there',
  params: z.object({ device: id }),
  targetKey: 'device',
  check: (ev, s) => (deviceFacts(s, ev.device) ? [] : [{ key: 'device', message: `no memory device "${ev.device}"` }]),
  apply: (ctx, ev) => ctx.failDevice(ctx.device(ev.device)),
  linux: (ev, s) => {
    const dev = deviceFacts(s, ev.device);
    if (dev && dev.kind === 'dram') return ['mce: [Hardware Error]: Machine check events logged', 'EDAC MC0: 1 UE memory read error on CPU_SrcID#0_MC#0_Chan#0_DIMM#0   # every access from now on', '# the socket\'s memory controller lost the DIMM: processes with pages there are killed (SIGBUS)'];
    const { mem } = cxlNames(s, ev.device);
    return [
      'pcieport 0000:0c:00.0: AER: Uncorrectable (Fatal) error message received from 0000:0d:00.0   # addresses illustrative',
      'pcieport 0000:0c:00.0: AER: device recovery failed',
      'mce: [Hardware Error]: Machine check events logged   # each CPU that reads memory on it',
      'Memory failure: 0x<pfn>: Sending SIGBUS to <task>:<pid> due to hardware memory corruption',
      `cxl list -M -m ${mem}   # the operator: the memdev is gone or disabled`,
      `cxl disable-memdev --force ${mem}`,
    ];
  },
});
