// A link comes back at its own figures (up, full width, its latency): paths are recomputed
// and pages that were inaccessible are served again.
import { z } from 'zod';
import { defineEvent } from './types';
import { linkName } from './fields';
import { linkIssue } from './links';

export default defineEvent({
  kind: 'link-recover',
  label: 'Link recovery',
  help: 'A failed or degraded link comes back at its scenario figures; pages that were inaccessible are served again',
  params: z.object({ link: linkName }),
  targetKey: 'link',
  check: (ev, s) => linkIssue(ev.link, s),
  apply: (ctx, ev) => ctx.setLink(ctx.link(ev.link), { up: true, restore: true }),
  linux: () => [
    'pcieport 0000:0c:00.0: pciehp: Slot(4): Link Up   # address illustrative',
    'lspci -vv -s 0000:0d:00.0 | grep LnkSta   # back at its LnkCap speed and width',
  ],
});
