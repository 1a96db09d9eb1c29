// Per-device numbers of the latest epoch: occupancy, bandwidth, loaded latency, tier. While
// comparing, run B gets its own table beside (or under) run A's.
import { DEVICE_FIELDS, DEVICE_WIDTH } from '../../../src/engine/snapshot';
import type { LiveData } from '../../live';
import { epochLabel, fmt, fmtInt, num, pct } from '../../format';
import { nodeNames } from '../../scenario-edit';
import { useApp } from '../../store';
import { utilColour } from '../../theme';
import { useRunTick } from '../../use-live';
import { RunPair } from '../run/RunPair';
import { ShowMore, usePaged } from '../shell/Paged';

const DELIVERED_HELP = 'Bytes the device served in this epoch (reads and writes, including migration copies and, with a pool, the VMs\' accesses)';
const VM_HELP = 'Memory the running VMs hold on the device (GiB of the modelled machine); their share of the delivered GB/s beside it';
const BUSY_HELP = 'How much of the device\'s bandwidth the traffic used. Writes cost less than reads on a full-duplex CXL link, so a CXL device can deliver more than its read peak while not being fully busy';
const PEAK_HELP = 'The device\'s peak bandwidth; for CXL devices the read ceiling (writes travel on the link\'s other direction)';

const F = Object.fromEntries(DEVICE_FIELDS.map((f, i) => [f, i])) as Record<(typeof DEVICE_FIELDS)[number], number>;

export function DeviceTable() {
  return <RunPair min={620} view={(run) => <Devices run={run} />} />;
}

function Devices({ run: live }: { run: LiveData }) {
  useRunTick(live);
  const scenario = useApp((s) => s.scenario)!;
  // The run's own meta (run B's is its own object); none while the store has none (loading).
  const meta = useApp((s) => s.meta) ? live.meta : null;
  const selected = useApp((s) => s.selected);
  const names = nodeNames(scenario);
  const paged = usePaged(meta?.devices.length ?? 0, meta ? meta.devices.findIndex((d) => d.id === selected) : -1);
  if (!meta) return null;
  const snap = live.latest && live.meta === meta ? live.latest : null;
  const ran = live.epochsDone > 0;
  const known = live.occupancyKnown(F.pages, DEVICE_WIDTH);
  return (
    <div className="table-scroll">
    <table className="devices">
      <caption>
        Memory devices <span className="scope-inline" data-shown-epoch={live.shownEpoch}>{ran ? `in ${epochLabel(live.shownEpoch, meta.epochMs)}` : 'before the first epoch'}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Tier</th>
          <th scope="col">Pages used / capacity</th>
          <th scope="col" title={DELIVERED_HELP}>Delivered GB/s</th>
          <th scope="col" title={BUSY_HELP}>Busy</th>
          <th scope="col" title={PEAK_HELP}>Peak GB/s</th>
          <th scope="col">Latency</th>
          <th scope="col" title="Share of the workloads' accesses this device served in this epoch">Accesses</th>
          {meta.pool && <th scope="col" title={VM_HELP}>Held by VMs</th>}
        </tr>
      </thead>
      <tbody>
        {paged.rows.map((i) => {
          const d = meta.devices[i];
          const row = (f: number) => (snap ? snap.device[i * DEVICE_WIDTH + f] : NaN);
          const pages = row(F.pages);
          const util = row(F.utilisation);
          return (
            <tr key={d.id} className={selected === d.id ? 'selected' : undefined}>
              <th scope="row">{names.get(d.id) ?? d.name}</th>
              <td>{d.tier} <span className="muted">{d.kind === 'dram' ? 'DRAM' : 'CXL'}</span></td>
              <td title={known ? `${pct(pages / d.capacityPages)} full` : undefined}>
                {known ? fmtInt(pages) : '–'} <span className="muted">/ {fmtInt(d.capacityPages)}</span>
              </td>
              <td title={DELIVERED_HELP}>{ran ? fmt(row(F.bandwidthGBps)) : '–'}</td>
              <td title={BUSY_HELP}>
                {ran && <span className="util-dot" style={{ background: utilColour(util) }} aria-hidden="true" />}
                {ran ? pct(util) : '–'}
              </td>
              <td title={PEAK_HELP}>{num(d.bandwidthGBps, 1)}{d.kind === 'cxl' && <span className="muted"> read</span>}</td>
              <td>{ran ? `${fmt(row(F.latencyNs), 0)} ns` : `${fmt(d.latencyNs, 0)} ns idle`}</td>
              <td>{ran ? pct(row(F.accessShare)) : '–'}</td>
              {meta.pool && (
                <td title={VM_HELP} data-metric="device-vm-gib" data-device={d.id}>
                  {ran ? `${fmt(row(F.vmGiB), 0)} GiB` : '–'}
                  {ran && row(F.vmGiB) > 0 && <span className="muted"> · {fmt(row(F.vmBandwidthGBps))} GB/s</span>}
                </td>
              )}
            </tr>
          );
        })}
        {snap && snap.summary.pagesUnplaced > 0 && (
          <tr className="unplaced-row" data-row="unplaced">
            <th scope="row"><span className="unplaced-swatch" aria-hidden="true" />No memory (unplaced)</th>
            <td><span className="muted">none</span></td>
            <td title="Pages a policy could not place: Linux would OOM-kill the task under strict bind; the simulator keeps running">
              {fmtInt(snap.summary.pagesUnplaced)} <span className="muted">of {fmtInt(meta.totalPages)} in the working set</span>
            </td>
            <td>–</td>
            <td>–</td>
            <td>–</td>
            <td>–</td>
            <td title="Share of all accesses that went to pages with no memory (served by no tier)">{pct(snap.summary.unplacedAccessShare)}</td>
            {meta.pool && <td>–</td>}
          </tr>
        )}
      </tbody>
    </table>
    <ShowMore paged={paged} what="devices" />
    {meta.pool && (
      <p className="muted" data-testid="device-table-pool-note">
        Pages and accesses are the host workloads'; delivered GB/s, busy and latency count the VMs' accesses too, and "Held by VMs" is the VMs' memory on each device with their part of its GB/s (the Pool panel has it per host and VM).
      </p>
    )}
    </div>
  );
}
