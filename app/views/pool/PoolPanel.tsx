// The pool of a scenario with pooled devices and VMs (src/pool/): its memory over time (owned,
// used, untouched, stranded, free GiB of the pod, or of one host or one pooled device), VMs
// running and rejected, then this epoch's figures of the pod, per host, per pooled device, and
// the running VMs (AMAT, share on the pool, slowdown against all-local). Every number says its
// scope and unit; the data is the committed snapshot's, like every other view (app/frame.ts).
// Nothing renders for a scenario without a pool.
import { useRef, useState } from 'react';
import * as d3 from 'd3';
import type { EngineMeta } from '../../../src/engine/meta';
import { BOUNDS } from '../../../src/scenario/bounds';
import { metric } from '../../../src/metrics/registry';
import { POOL, POOL_DEVICE, POOL_DEVICE_WIDTH, POOL_HOST, POOL_HOST_WIDTH, VM, VM_FIELDS, VM_WIDTH } from '../../../src/engine/snapshot';
import { live } from '../../actions';
import { summaryColumn } from '../../events';
import { epochLabel, fmt, fmtInt, metricText, pct, secondsTick, tick } from '../../format';
import { POOL_SERIES, PoolHistory, seriesLabel, type PoolScope, type PoolSeries } from '../../pool-live';
import { nodeNames } from '../../scenario-edit';
import { useApp } from '../../store';
import { themeColours, type ThemeColours } from '../../theme';
import { useLiveTick } from '../../use-live';
import { useExportable } from '../../export/registry';
import { affine, drawXTicks, epochEndX, labelWidth, traceColumns } from '../memory/canvas';
import { chartFont, epochRange, ShownEpochs, useCanvasFrame } from '../memory/TimeChart';
import { Term } from '../teaching/Term';
import { ShowMore, usePaged } from '../shell/Paged';

const EPOCH = summaryColumn('epoch');
/** Rows of the VM table before its "N more" line. */
export const VM_TABLE_ROWS = 12;
/** Colour and line pattern of each series (never colour alone). */
const STYLE: Record<PoolSeries, { colour: keyof ThemeColours; dash: number[]; width: number }> = {
  owned: { colour: 'fg', dash: [], width: 2.5 },
  used: { colour: 'throughput', dash: [], width: 2 },
  untouched: { colour: 'hotset', dash: [2, 3], width: 2 },
  stranded: { colour: 'amat', dash: [8, 3], width: 2 },
  free: { colour: 'demote', dash: [5, 2, 1, 2], width: 2 },
};

export function PoolPanel() {
  const meta = useApp((s) => s.meta);
  if (!meta?.pool) return null;
  return (
    <section className="card pool-card" aria-labelledby="pool-title">
      <h2 id="pool-title">Pool</h2>
      <PoolBody meta={meta} />
    </section>
  );
}

function PoolBody({ meta }: { meta: EngineMeta }) {
  const scenario = useApp((s) => s.scenario)!;
  const names = nodeNames(scenario);
  const [scopeKey, setScopeKey] = useState('pod');
  const pool = meta.pool!;
  const deviceName = (k: number) => names.get(meta.devices[pool.devices[k].device].id) ?? meta.devices[pool.devices[k].device].id;
  const scope: PoolScope = scopeKey === 'pod' ? { kind: 'pod' } : { kind: scopeKey[0] === 'h' ? 'host' : 'device', index: Number(scopeKey.slice(1)) };
  const scopeName = scope.kind === 'pod' ? 'the pod (all hosts)' : scope.kind === 'host' ? `host ${meta.hosts[scope.index]?.name}` : `device ${deviceName(scope.index)}`;
  return (
    <>
      <p className="muted pool-facts">
        Pool manager <strong>{pool.manager}</strong> · <Term id="extent">extents</Term> of {fmt(pool.extentGiB, 2)} GiB ·{' '}
        {pool.devices.map((d, k) => (
          <span key={d.device}>{k > 0 && ', '}{deviceName(k)} (<Term id={d.kind}>{d.kind.toUpperCase()}</Term>, {d.heads.length} heads)</span>
        ))}
        {' '}· GiB of the modelled machine (each scenario MB stands for {fmtInt(pool.scale)} MB)
      </p>
      <PodFigures />
      <label className="pool-scope">
        Show over time{' '}
        <select value={scopeKey} onChange={(e) => setScopeKey(e.target.value)} aria-label="Pool chart shows">
          <option value="pod">the pod (all hosts)</option>
          <optgroup label="one host">
            {meta.hosts.map((h, i) => <option key={h.id} value={`h${i}`}>{h.name}</option>)}
          </optgroup>
          <optgroup label="one pooled device">
            {pool.devices.map((d, k) => <option key={d.device} value={`d${k}`}>{deviceName(k)}</option>)}
          </optgroup>
        </select>
      </label>
      <PoolChart scope={scope} scopeName={scopeName} />
      <PerHost meta={meta} />
      <PerDevice meta={meta} deviceName={deviceName} />
      <VmTable meta={meta} />
    </>
  );
}

/** This epoch's figures of the pod (the engine's POOL row), as the CLI's epochs would give them. */
function PodFigures() {
  useLiveTick();
  const snap = live.latest;
  const done = live.epochsDone;
  const p = snap && done > 0 ? snap.pool : null;
  const v = (f: number, digits = 0) => (p ? fmt(p[f], digits) : '–');
  const owned = p ? p[POOL.dramGiB] + p[POOL.poolGrantedGiB] : NaN;
  return (
    <div className="table-scroll">
      <table className="metrics-table pool-pod" aria-label="Pool, this epoch" data-testid="pool-pod">
        <caption className="muted">
          The pod <span className="scope-inline" data-shown-epoch={live.shownEpoch}>{done > 0 ? `in ${epochLabel(live.shownEpoch, live.meta?.epochMs ?? BOUNDS.epochMs.default)}` : 'before the first epoch'}</span>, GiB of the modelled machine
        </caption>
        <thead>
          <tr>
            <th scope="col" title="Host DRAM plus the pool extents granted to hosts">Owned</th>
            <th scope="col" title="Memory running VMs hold, DRAM and pool">Used by VMs</th>
            <th scope="col"><Term id="untouched">Untouched</Term></th>
            <th scope="col"><Term id="stranding">Stranded</Term> (% of all memory)</th>
            <th scope="col" title="Memory hosts hold that no VM uses">Free</th>
            <th scope="col" title="Pool capacity, and how much of it is granted to hosts">Pool granted / capacity</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td data-metric="pool-owned">{p ? fmt(owned, 0) : '–'}</td>
            <td data-metric="pool-used">{v(POOL.usedGiB)}</td>
            <td data-metric="pool-untouched">{v(POOL.untouchedGiB)}</td>
            <td><span data-metric="pool-stranded">{v(POOL.strandedGiB)}</span> <span className="split">({p ? pct(p[POOL.strandedPercent] / 100, 1) : '–'})</span></td>
            <td data-metric="pool-free">{v(POOL.freeGiB)}</td>
            <td><span data-metric="pool-granted">{v(POOL.poolGrantedGiB)}</span> / <span data-metric="pool-capacity">{v(POOL.poolCapacityGiB)}</span></td>
          </tr>
        </tbody>
      </table>
      <p className="muted pool-vms">
        This epoch: <strong data-metric="pool-vms-running">{p ? fmtInt(p[POOL.vmsRunning]) : '–'}</strong> VMs running,{' '}
        <strong data-metric="pool-vms-rejected">{p ? fmtInt(p[POOL.vmsRejected]) : '–'}</strong> rejected,{' '}
        <strong data-metric="pool-cores-rented">{p ? pct(p[POOL.coresRentedPercent] / 100, 1) : '–'}</strong> of cores rented;{' '}
        <strong data-metric="pool-extents-granted">{p ? fmtInt(p[POOL.extentsGranted]) : '–'}</strong> extents granted,{' '}
        <strong data-metric="pool-extents-reclaimed">{p ? fmtInt(p[POOL.extentsReclaimed]) : '–'}</strong> reclaimed;{' '}
        {metric('vmAmatNs').label} <strong data-metric="pool-vm-amat">{p ? metricText(metric('vmAmatNs'), p[POOL.vmAmatNs]) : '–'}</strong>,
        {' '}{metric('vmSlowdownPercent').label} <strong data-metric="pool-vm-slowdown">{p ? `${fmt(p[POOL.vmSlowdownPercent], 1)} %` : '–'}</strong> (means over the running VMs).
      </p>
    </div>
  );
}

interface Geometry { x0: number; x1: number }

function PoolChart({ scope, scopeName }: { scope: PoolScope; scopeName: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const scopeKey = scope.kind === 'pod' ? 'pod' : `${scope.kind}${scope.index}`;
  const { font } = useCanvasFrame(ref, () => `${live.version}|${scopeKey}`, (ctx, w, h, px) => { drawPool(ctx, w, h, scope, px); });
  useExportable({ id: 'pool', title: 'Pool chart', element: () => ref.current, draw: (ctx, w, h) => { drawPool(ctx, w, h, scope, font()); } });
  const c = themeColours();
  const sampled = scope.kind !== 'pod';
  return (
    <div className="chart pool-chart">
      <h3>Memory of {scopeName} (GiB) and VMs over time <ShownEpochs /></h3>
      <p className="chart-key pool-key">
        {POOL_SERIES.map((s) => (
          <span key={s}>
            <svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke={c[STYLE[s].colour]} strokeWidth={STYLE[s].width} strokeDasharray={STYLE[s].dash.join(' ')} /></svg>
            {' '}{seriesLabel(s, scope.kind)}
          </span>
        ))}
        <span><svg width="14" height="10" aria-hidden="true"><rect x="2" y="1" width="10" height="8" fill={c.amat} /></svg> VMs rejected (bars, per epoch)</span>
        <span><svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke={c.muted} strokeWidth={2} /></svg> VMs running</span>
      </p>
      <div className="plot">
        <canvas
          ref={ref}
          className="pool-canvas"
          role="img"
          aria-label={`Line chart over simulated time in seconds: GiB of ${scopeName} owned, used by VMs, untouched, stranded and free${sampled ? ' (at each update of the screen, usually every epoch)' : ', every epoch'}; below, VMs running (line) and rejected per epoch (bars) in the pod. The tables below give this epoch's figures.`}
        />
      </div>
    </div>
  );
}

function drawPool(ctx: CanvasRenderingContext2D, w: number, h: number, scope: PoolScope, font: number): Geometry | null {
  const c = themeColours();
  ctx.font = chartFont(font);
  const g = epochRange([live], live.meta?.epochMs ?? BOUNDS.epochMs.default);
  const ph = live.pool;
  if (!g || !ph.pooled) {
    ctx.fillStyle = c.muted;
    ctx.textAlign = 'center';
    ctx.fillText('Press Play or Step to start the simulation', w / 2, h / 2);
    return null;
  }
  const label = 1.5 * font, bottomPad = 2 * font;
  // The VM panel's title sits a little below the GiB panel's zero line.
  const gap = 2.6 * font;
  const gibH = Math.max(30, (h - label - gap - bottomPad) * 0.65), vmH = Math.max(20, h - label - gap - bottomPad - gibH);
  const top1 = label, top2 = label + gibH + gap;
  // The points of each series: epochs and GiB in typed arrays (no array per point: thousands
  // of epochs are drawn at up to the frame rate).
  const n = scope.kind === 'pod' ? live.rowCount : ph.sampleCount;
  const ep = new Float64Array(n), val = POOL_SERIES.map(() => new Float64Array(n));
  const vmE = new Float64Array(live.rowCount), vmRun = new Float64Array(live.rowCount), vmRej = new Float64Array(live.rowCount);
  let k = 0, m = 0;
  for (let i = 0; i < live.rowCount; i++) {
    const o = live.rowOffset(i), po = PoolHistory.offsetOf(o);
    if (Number.isNaN(ph.rows[po])) continue;
    const e = live.rows[o + EPOCH];
    vmE[m] = e; vmRun[m] = ph.rows[po + POOL.vmsRunning]; vmRej[m] = ph.rows[po + POOL.vmsRejected]; m++;
    if (scope.kind === 'pod') { ep[k] = e; for (let j = 0; j < POOL_SERIES.length; j++) val[j][k] = PoolHistory.pod(ph.rows, po, POOL_SERIES[j]); k++; }
  }
  if (scope.kind !== 'pod') {
    for (let i = 0; i < ph.sampleCount; i++) {
      const slot = ph.sample(i), e = ph.sampleEpoch[slot];
      if (e < g.first) continue;
      ep[k] = e; for (let j = 0; j < POOL_SERIES.length; j++) val[j][k] = ph.scoped(scope, slot, POOL_SERIES[j]); k++;
    }
  }
  let max = 0, vmMax = 1;
  for (const v of val) for (let i = 0; i < k; i++) max = Math.max(max, v[i]);
  for (let i = 0; i < m; i++) vmMax = Math.max(vmMax, vmRun[i], vmRej[i]);
  const y1 = d3.scaleLinear().domain([0, max > 0 ? max * 1.05 : 1]).nice(4).range([top1 + gibH, top1]);
  const y2 = d3.scaleLinear().domain([0, vmMax]).nice(2).range([top2 + vmH, top2]);
  const t1 = y1.ticks(gibH >= 80 ? 4 : 2), t2 = y2.ticks(2).filter(Number.isInteger);
  const x0 = labelWidth(ctx, [...t1, ...t2].map(tick)) + 10, x1 = w - 1.1 * font;
  const x = d3.scaleLinear().domain([g.t0, g.t1]).range([x0, x1]);
  // Coordinates inline (thousands of epochs, seven series): an epoch's x at its end.
  const at = epochEndX(x, g.epochS);
  const grid = (y: d3.ScaleLinear<number, number>, ticks: number[]) => {
    ctx.strokeStyle = c.grid; ctx.fillStyle = c.muted; ctx.lineWidth = 1; ctx.setLineDash([]);
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    for (const v of ticks) {
      const yy = Math.round(y(v)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x0, yy); ctx.lineTo(x1, yy); ctx.stroke();
      ctx.fillText(tick(v), x0 - 6, yy);
    }
  };
  const line = (count: number, xs: Float64Array, ys: Float64Array, y: d3.ScaleLinear<number, number>, colour: string, dash: number[], width: number) => {
    if (count === 0) return;
    ctx.strokeStyle = colour; ctx.lineWidth = width; ctx.setLineDash(dash);
    ctx.beginPath();
    const { a, b } = affine(y);
    traceColumns(ctx, count, (i) => at(xs[i]), (i) => a * ys[i] + b);
    if (count === 1) ctx.arc(at(xs[0]), y(ys[0]), 2.5, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.setLineDash([]);
  };
  grid(y1, t1);
  ctx.textAlign = 'left'; ctx.textBaseline = 'bottom'; ctx.fillStyle = c.fg;
  ctx.fillText('GiB', x0, top1 - 3);
  POOL_SERIES.forEach((s, j) => line(k, ep, val[j], y1, c[STYLE[s].colour], STYLE[s].dash, STYLE[s].width));
  grid(y2, t2);
  ctx.textAlign = 'left'; ctx.textBaseline = 'bottom'; ctx.fillStyle = c.fg;
  ctx.fillText('VMs in the pod: running (line), rejected per epoch (bars)', x0, top2 - 3);
  const bw = Math.max(1, at(1) - at(0) - 1);
  ctx.fillStyle = c.amat;
  for (let i = 0; i < m; i++) if (vmRej[i] > 0) ctx.fillRect(at(vmE[i]) - bw, y2(vmRej[i]), bw, y2(0) - y2(vmRej[i]));
  line(m, vmE, vmRun, y2, c.muted, [], 2);
  ctx.fillStyle = c.muted;
  drawXTicks(ctx, x, secondsTick, top2 + vmH + 5, 0, w);
  return { x0, x1 };
}

/** Per host, this epoch. */
function PerHost({ meta }: { meta: EngineMeta }) {
  useLiveTick();
  const snap = live.latest;
  const ok = snap && live.epochsDone > 0 && snap.poolHosts === meta.hosts.length;
  const paged = usePaged(meta.hosts.length);
  return (
    <details className="pool-table" open={meta.hosts.length <= 16}>
      <summary>Per host <span className="scope-inline">{ok ? `in ${epochLabel(live.shownEpoch, meta.epochMs)}` : 'before the first epoch'}</span>, GiB of the modelled machine</summary>
      <div className="table-scroll pool-scroll">
        <table className="devices" data-testid="pool-hosts">
          <thead>
            <tr>
              <th scope="col">Host</th><th scope="col">DRAM</th><th scope="col">Pool granted</th><th scope="col">Used by VMs</th>
              <th scope="col"><Term id="untouched">Untouched</Term></th><th scope="col"><Term id="stranding">Stranded</Term></th><th scope="col">Free</th>
              <th scope="col">Cores rented</th><th scope="col">VMs</th>
            </tr>
          </thead>
          <tbody>
            {paged.rows.map((i) => {
              const hm = meta.hosts[i];
              const v = (f: number, d = 0) => (ok ? fmt(snap.poolHost[i * POOL_HOST_WIDTH + f], d) : '–');
              return (
                <tr key={hm.id} data-host={hm.id}>
                  <th scope="row">{hm.name}</th>
                  <td>{v(POOL_HOST.dramGiB)}</td><td>{v(POOL_HOST.poolGrantedGiB)}</td><td>{v(POOL_HOST.usedGiB)}</td>
                  <td>{v(POOL_HOST.untouchedGiB)}</td><td>{v(POOL_HOST.strandedGiB)}</td><td>{v(POOL_HOST.freeGiB)}</td>
                  <td>{ok ? `${fmtInt(snap.poolHost[i * POOL_HOST_WIDTH + POOL_HOST.coresRented])} of ${fmtInt(hm.cores)}` : '–'}</td>
                  <td data-metric="pool-host-vms">{ok ? fmtInt(snap.poolHost[i * POOL_HOST_WIDTH + POOL_HOST.vms]) : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ShowMore paged={paged} what="hosts" />
    </details>
  );
}

/** Per pooled device, this epoch. */
function PerDevice({ meta, deviceName }: { meta: EngineMeta; deviceName: (k: number) => string }) {
  useLiveTick();
  const snap = live.latest;
  const pool = meta.pool!;
  const ok = snap && live.epochsDone > 0 && snap.poolDevices === pool.devices.length;
  const paged = usePaged(pool.devices.length);
  return (
    <div className="table-scroll pool-scroll">
      <table className="devices" data-testid="pool-devices">
        <caption>Per pooled device <span className="scope-inline">{ok ? `in ${epochLabel(live.shownEpoch, meta.epochMs)}` : 'before the first epoch'}</span>, GiB of the modelled machine</caption>
        <thead>
          <tr>
            <th scope="col">Device</th><th scope="col">Capacity</th><th scope="col">Granted to hosts</th><th scope="col">Used by VMs</th>
            <th scope="col"><Term id="untouched">Untouched</Term></th><th scope="col"><Term id="stranding">Stranded</Term></th><th scope="col">Not granted</th>
          </tr>
        </thead>
        <tbody>
          {paged.rows.map((k) => {
            const d = pool.devices[k];
            const v = (f: number) => (ok ? fmt(snap.poolDevice[k * POOL_DEVICE_WIDTH + f], 0) : '–');
            return (
              <tr key={d.device} data-device={meta.devices[d.device].id}>
                <th scope="row">{deviceName(k)} <span className="muted">({d.kind.toUpperCase()}, {d.heads.length} heads)</span></th>
                <td>{v(POOL_DEVICE.capacityGiB)}</td><td>{v(POOL_DEVICE.grantedGiB)}</td><td>{v(POOL_DEVICE.usedGiB)}</td>
                <td>{v(POOL_DEVICE.untouchedGiB)}</td><td>{v(POOL_DEVICE.strandedGiB)}</td><td>{v(POOL_DEVICE.freeGiB)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ShowMore paged={paged} what="pooled devices" />
    </div>
  );
}

type VmField = (typeof VM_FIELDS)[number];
const VM_COLUMNS: [VmField, string, string][] = [
  ['id', 'VM', 'In arrival order'],
  ['host', 'Host', 'Where the scheduler placed it'],
  ['memoryGiB', 'Memory (GiB)', 'Its memory, GiB of the modelled machine'],
  ['poolShare', 'Served by the pool (%)', 'Share of its memory accesses the pool served this epoch'],
  ['amatNs', 'AMAT (ns)', 'Its average memory access time this epoch, from the loaded latencies the engine solved'],
  ['slowdownPercent', 'Slowdown (%)', 'Against all of its memory on local DRAM, this epoch'],
];

/** The running VMs, this epoch: the slowest first (or sorted by a column), bounded rows. */
function VmTable({ meta }: { meta: EngineMeta }) {
  useLiveTick();
  const [sort, setSort] = useState<{ by: VmField; desc: boolean }>({ by: 'slowdownPercent', desc: true });
  const snap = live.latest;
  const ok = snap && live.epochsDone > 0;
  const n = ok ? snap.vms : 0;
  const running = ok ? snap.pool[POOL.vmsRunning] : 0;
  const col = VM[sort.by];
  const order = Array.from({ length: n }, (_, i) => i);
  if (ok) order.sort((a, b) => (sort.desc ? -1 : 1) * (snap.vm[a * VM_WIDTH + col] - snap.vm[b * VM_WIDTH + col]) || a - b);
  const shown = order.slice(0, VM_TABLE_ROWS);
  const cell = (i: number, f: VmField) => {
    const v = snap!.vm[i * VM_WIDTH + VM[f]];
    if (f === 'host') return meta.hosts[v]?.name ?? String(v);
    if (f === 'id') return `vm${v}`;
    if (f === 'poolShare') return fmt(v * 100, 0);
    if (f === 'slowdownPercent') return fmt(v, 2);
    return fmt(v, 0);
  };
  return (
    <div className="table-scroll pool-scroll">
      <table className="devices pool-vm-table" data-testid="pool-vms">
        <caption>
          Running VMs <span className="scope-inline">{ok ? `in ${epochLabel(live.shownEpoch, meta.epochMs)}` : 'before the first epoch'}</span>
          {' '}· sorted by {VM_COLUMNS.find((c) => c[0] === sort.by)![1]}, {sort.desc ? 'highest' : 'lowest'} first
        </caption>
        <thead>
          <tr>
            {VM_COLUMNS.map(([f, name, help]) => (
              <th key={f} scope="col" title={help} aria-sort={sort.by === f ? (sort.desc ? 'descending' : 'ascending') : undefined}>
                <button type="button" className="sort" onClick={() => setSort({ by: f, desc: sort.by === f ? !sort.desc : true })}>
                  {name}{sort.by === f ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {/* Keyed by rank, not by VM: as the order changes every epoch, a row's text changes in
              place instead of rows moving (a table laid out again from scratch, at full speed). */}
          {shown.map((i, rank) => (
            <tr key={rank} data-vm={snap!.vm[i * VM_WIDTH + VM.id]}>
              {VM_COLUMNS.map(([f], k) => (k === 0 ? <th key={f} scope="row">{cell(i, f)}</th> : <td key={f} data-field={f}>{cell(i, f)}</td>))}
            </tr>
          ))}
          {ok && n === 0 && <tr><td colSpan={VM_COLUMNS.length} className="muted">No VM is running.</td></tr>}
        </tbody>
      </table>
      {running > shown.length && (
        <p className="muted" data-testid="pool-vms-more">
          {fmtInt(running - shown.length)} more running VMs{n < running ? ` (the table sorts the ${fmtInt(n)} slowest)` : ''}.
        </p>
      )}
    </div>
  );
}
