// A link keeps running at less: a lower bandwidth (a x16 link retrained at x4 after errors) and
// or a higher latency (retries, a longer path); loaded latency shows it from the next solve.
import { z } from 'zod';
import { BOUNDS } from '../scenario/bounds';
import { defineEvent } from './types';
import { linkGBps, linkName, linkNs } from './fields';
import { linkIssue } from './links';

export default defineEvent({
  kind: 'link-degrade',
  label: 'Link degradation',
  help: 'A link runs at a lower bandwidth and/or a higher latency (without either: it retrains at a quarter of its width); link-recover restores it',
  params: z.object({ link: linkName, bandwidthGBps: linkGBps.optional(), latencyNs: linkNs.optional() }),
  targetKey: 'link',
  check: (ev, s) => linkIssue(ev.link, s),
  // Neither figure given: the link retrains at a quarter of its width (x16 -> x4), a quarter of its bandwidth.
  apply: (ctx, ev) => ctx.setLink(ctx.link(ev.link), {
    up: true, bandwidthGBps: ev.bandwidthGBps, latencyNs: ev.latencyNs, restore: false,
    factor: ev.bandwidthGBps === undefined && ev.latencyNs === undefined ? BOUNDS.linkDegradeFactor.default : undefined,
  }),
  linux: () => [
    'lspci -vv -s 0000:0d:00.0 | grep LnkSta   # LnkSta: Speed 32GT/s, Width x4 (downgraded); address illustrative',
    'cat /sys/bus/pci/devices/0000:0d:00.0/current_link_width',
  ],
});
