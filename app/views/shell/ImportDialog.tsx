// "Import machine…": a file picker, and the summary of an import (from the picker or a file
// dropped anywhere on the page): what was read and what was assumed, before the scenario
// replaces the current one; or the error, with the current scenario left as it was.
import { useEffect, useId, useRef, useState } from 'react';
import { acceptImport, dismissImport, importFile, useImport } from '../../import';

export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} title="A real machine: hwloc XML (lstopo --of xml), numactl --hardware output or cxl list JSON. Or drop the file anywhere on the page">Import machine…</button>
      <input
        ref={input} type="file" hidden data-testid="import-file" aria-label="Machine file to import"
        accept=".xml,.txt,.json,.out,text/plain,application/json,application/xml,text/xml"
        onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importFile(f); }}
      />
    </>
  );
}

export function ImportDialog() {
  const pending = useImport((s) => s.pending);
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (pending && d && !d.open) d.showModal();
    if (!pending && d?.open) d.close();
  }, [pending]);
  if (!pending) return null;
  return (
    <dialog ref={ref} className="sheet import-dialog" aria-labelledby={id} onCancel={(e) => { e.preventDefault(); dismissImport(); }}>
      <div className="sheet-head">
        <h2 id={id}>{pending.ok ? `Import ${pending.fileName}` : `Could not import ${pending.fileName}`}</h2>
        <button type="button" onClick={dismissImport}>{pending.ok ? 'Cancel' : 'Close'}</button>
      </div>
      {!pending.ok ? (
        <>
          <p role="alert" className="import-error" data-testid="import-error">{pending.error}</p>
          <p className="hint">The current scenario is unchanged. The app reads hwloc XML (<code>lstopo --of xml</code>), <code>numactl --hardware</code> output and <code>cxl list</code> JSON, up to 4 MiB.</p>
        </>
      ) : (
        <>
          <p data-testid="import-summary">
            {pending.formatName}: {pending.scenario.hosts.length} host{pending.scenario.hosts.length === 1 ? '' : 's'}, {pending.scenario.devices.length} memory device{pending.scenario.devices.length === 1 ? '' : 's'}
            {pending.scenario.switches.length > 0 && `, ${pending.scenario.switches.length} switch${pending.scenario.switches.length === 1 ? '' : 'es'}`}.
          </p>
          <h3>Read from the file</h3>
          <ul className="import-notes" data-testid="import-read">{pending.read.map((x, i) => <li key={i}>{x}</li>)}</ul>
          <h3>Assumed</h3>
          <ul className="import-notes" data-testid="import-assumed">{pending.assumed.map((x, i) => <li key={i}>{x}</li>)}</ul>
          <div className="sheet-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => { setBusy(true); void acceptImport().finally(() => setBusy(false)); }}>Use this machine</button>
            <button type="button" onClick={dismissImport}>Keep the current scenario</button>
          </div>
        </>
      )}
    </dialog>
  );
}
