// The fabric manager grants a host extents of a pooled device (CXL dynamic capacity add, or a
// multi-headed device's allocation), through the pool's books, which refuse what would break
// them (no head, no free extents).
import { z } from 'zod';
import { cxlNames, defineEvent } from './types';
import { extents, id } from './fields';
import { poolDeviceIssues } from './pool-checks';

export default defineEvent({
  kind: 'extent-grant',
  label: 'Grant extents',
  help: 'The pool\'s fabric manager grants a host extents of a pooled device (dynamic capacity add)',
  params: z.object({ device: id, host: id, extents }),
  targetKey: 'device',
  check: (ev, s) => poolDeviceIssues(s, ev.device, ev.host),
  apply: (ctx, ev) => ctx.grantExtents(ctx.device(ev.device), ctx.host(ev.host), ev.extents),
  linux: (ev, s) => {
    const { region, dax } = cxlNames(s, ev.device);
    return [
      `# fabric manager (FM API): Initiate Dynamic Capacity Add, ${ev.extents} extent(s) of ${ev.device} to ${ev.host}`,
      `cxl list -r ${region} -u   # on ${ev.host}: the dynamic capacity region grows`,
      `daxctl create-device -r ${region}`,
      `daxctl reconfigure-device --mode=system-ram ${dax.slice(0, -2)}.1`,
    ];
  },
});
