// "Export": pictures of the views on screen (topology and charts as SVG and PNG, the heatmap as
// PNG), the run's metrics as the CLI's CSV and JSON (byte for byte), and "Export scenario": a
// JSON file that `npm run sim -- --scenario FILE` runs exactly as this page's link.
import { useState } from 'react';
import { downloadRun, exportScenario, live } from '../../actions';
import { download, slug } from '../../export/download';
import { pngOf, svgOf } from '../../export/pictures';
import { exportables, type Exportable } from '../../export/registry';
import { fmtInt } from '../../format';
import { useApp } from '../../store';
import { Sheet } from '../shell/Sheet';

export function ExportDialog() {
  const scenario = useApp((s) => s.scenario)!;
  const compare = useApp((s) => s.compare);
  const [error, setError] = useState<string | null>(null);
  const views = exportables();
  const stem = slug(scenario.name);
  const act = (fn: () => Promise<void> | void) => async () => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(`The export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const svg = (v: Exportable) => act(() => {
    const text = svgOf(v);
    if (!text) throw new Error(`${v.title} is not on screen`);
    download(text, `${stem}-${v.id}.svg`, 'image/svg+xml');
  });
  const png = (v: Exportable) => act(async () => {
    const blob = await pngOf(v);
    if (!blob) throw new Error(`${v.title} is not on screen`);
    download(blob, `${stem}-${v.id}.png`);
  });
  return (
    <Sheet title="Export" className="export-sheet">
      <h3>Pictures of what is on screen</h3>
      <ul className="export-list">
        {views.map((v) => (
          <li key={v.id} data-export={v.id}>
            <span>{v.title}</span>
            {(v.element() instanceof SVGSVGElement || v.draw) && <button type="button" onClick={svg(v)}>{`${v.title} as SVG`}</button>}
            <button type="button" onClick={png(v)}>{`${v.title} as PNG`}</button>
          </li>
        ))}
      </ul>
      <h3>The run so far <span className="muted">({live.latestEpochs > scenario.epochs
        ? `the scenario's ${fmtInt(scenario.epochs)} epochs, where the command line stops; the page played on to ${fmtInt(live.latestEpochs)}`
        : `${fmtInt(live.latestEpochs)} epochs`}; the command line&apos;s formats, byte for byte)</span></h3>
      <p className="export-row">
        <button type="button" onClick={act(() => downloadRun('a', 'csv'))}>Metrics as CSV</button>
        <button type="button" onClick={act(() => downloadRun('a', 'json'))}>Metrics as JSON</button>
        {compare && <button type="button" onClick={act(() => downloadRun('b', 'csv'))}>Run B as CSV</button>}
        {compare && <button type="button" onClick={act(() => downloadRun('b', 'json'))}>Run B as JSON</button>}
      </p>
      <h3>The scenario</h3>
      <p className="export-row">
        <button type="button" onClick={act(exportScenario)}>Export scenario</button>
        <span className="hint">
          A JSON file with every number of the run: <code>npm run sim -- --scenario {stem}.scenario.json</code> runs it as this page does.
        </span>
      </p>
      {error && <p className="inline-error" role="alert">{error}</p>}
    </Sheet>
  );
}
