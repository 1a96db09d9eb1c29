// A host gives extents of a pooled device back (CXL dynamic capacity release): only extents no
// VM uses; a host declines to release capacity in use.
import { z } from 'zod';
import { cxlNames, defineEvent } from './types';
import { extents, id } from './fields';
import { poolDeviceIssues } from './pool-checks';

export default defineEvent({
  kind: 'extent-release',
  label: 'Release extents',
  help: 'A host gives extents of a pooled device back (dynamic capacity release); extents VMs use are refused',
  params: z.object({ device: id, host: id, extents }),
  targetKey: 'device',
  check: (ev, s) => poolDeviceIssues(s, ev.device, ev.host),
  apply: (ctx, ev) => ctx.releaseExtents(ctx.device(ev.device), ctx.host(ev.host), ev.extents),
  linux: (ev, s) => {
    const { dax } = cxlNames(s, ev.device);
    return [
      `daxctl offline-memory ${dax.slice(0, -2)}.1   # on ${ev.host}`,
      `daxctl destroy-device ${dax.slice(0, -2)}.1`,
      `# fabric manager (FM API): Initiate Dynamic Capacity Release; the host answers with the extents it freed`,
    ];
  },
});
