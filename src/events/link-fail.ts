// A link goes down: paths are recomputed; a host that no longer reaches a node cannot access
// its pages there (pagesInaccessible each epoch: never served, never lost; they come back when
// the link does, link-recover).
import { z } from 'zod';
import { defineEvent } from './types';
import { linkName } from './fields';
import { linkIssue } from './links';

export default defineEvent({
  kind: 'link-fail',
  label: 'Link failure',
  help: 'A link goes down: paths are recomputed; pages a host can no longer reach are inaccessible to it (not lost) until the link recovers',
  params: z.object({ link: linkName }),
  targetKey: 'link',
  check: (ev, s) => linkIssue(ev.link, s),
  apply: (ctx, ev) => ctx.setLink(ctx.link(ev.link), { up: false }),
  linux: () => [
    'pcieport 0000:0c:00.0: pciehp: Slot(4): Link Down   # the port above it; addresses illustrative',
    'cat /sys/bus/pci/devices/0000:0d:00.0/current_link_width   # the operator: no link',
  ],
});
