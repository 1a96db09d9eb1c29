// "Share…": the run's link with the options that start a demo (play, presentation, embed), a
// Copy link button, the link as a QR code (version and error-correction level said), a
// full-screen QR code for a room to scan and, for an embed, the iframe to paste. A preset as it
// ships is shared by its name ("#preset=tpp-1to4&play=1"): short enough to read out, and a small
// QR code; anything else carries the whole scenario, its name included.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { DEFAULT_SPEED, speedText, writeLink, type LinkOptions } from '../../../src/scenario/link';
import { download, slug } from '../../export/download';
import { fmtInt } from '../../format';
import { presetScenario } from '../../presets';
import { QR_BORDER, qrCode, qrPath, qrSvg, type QrCode } from '../../share/qr';
import { useApp } from '../../store';
import { compareLabel } from '../../compare-target';
import { Sheet } from '../shell/Sheet';

/** The most characters a QR code holds (version 40, level L, byte mode). */
const QR_MAX = 2953;

export function ShareDialog() {
  const scenario = useApp((s) => s.scenario)!;
  const compare = useApp((s) => s.compare);
  const speed = useApp((s) => s.speed);
  const panels = useApp((s) => s.panels);
  const presetName = useApp((s) => s.presetName);
  const [opts, setOpts] = useState({ play: true, present: false, embed: false });
  const [copied, setCopied] = useState<string | null>(null);
  const [big, setBig] = useState(false);
  const linkId = useId();
  const origin = presetName ? presetScenario(presetName) : null;
  const link = useMemo(() => {
    const o: LinkOptions = {
      preset: presetName ?? undefined,
      b: compare ?? undefined,
      play: opts.play,
      speed: speed === DEFAULT_SPEED ? undefined : speed,
      present: opts.present,
      embed: opts.embed,
      panels: panels ?? undefined,
    };
    return `${location.origin}${location.pathname}${location.search}#${writeLink(scenario, o, origin)}`;
  }, [scenario, compare, speed, panels, opts, presetName, origin]);
  const short = link.includes('#preset=');
  const code = useMemo(() => qrCode(link), [link]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('The browser refused the clipboard: select the link above and copy it.');
    }
  };
  const flag = (key: keyof typeof opts, label: string, code: string) => (
    <label className="check">
      <input type="checkbox" checked={opts[key]} onChange={(e) => { setOpts({ ...opts, [key]: e.target.checked }); setCopied(null); }} />
      {label} <code>{code}</code>
    </label>
  );

  return (
    <Sheet title="Share this run" className="share-sheet">
      <p className="hint">
        {short
          ? <>The link names the preset <code>{presetName}</code> as it ships</>
          : <>The link holds the whole scenario ({scenario.name}), its seed and policy</>}
        {compare ? `, the comparison with ${compareLabel(compare)}` : ''}
        {speed !== DEFAULT_SPEED ? ` and the speed (${speedText(speed)} epochs/s)` : ''}: whoever opens it sees the same run.
        {!short && presetName && ' (It is long because the scenario differs from its preset: pick the preset again for a short link.)'}
      </p>
      <fieldset className="share-options">
        <legend>When the link is opened</legend>
        {flag('play', 'start playing', 'play=1')}
        {flag('present', 'in presentation mode', 'present=1')}
        {flag('embed', 'read-only, for an iframe in slides or a blog post', 'embed=1')}
      </fieldset>
      <label className="share-link" htmlFor={linkId}>Link <span className="muted">({fmtInt(link.length)} characters)</span></label>
      <div className="share-row">
        <input id={linkId} type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="primary" onClick={() => void copy()}>Copy link</button>
      </div>
      <p className="hint" role="status">{copied ?? ''}</p>
      {opts.embed && (
        <label className="share-link">
          Embed code
          <textarea readOnly rows={2} value={`<iframe src="${link.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" width="960" height="600" title="${scenario.name.replace(/"/g, '&quot;')} (CXL Playground)" style="border:0"></iframe>`} />
        </label>
      )}
      {code ? (
        <figure className="qr">
          <svg
            role="img"
            aria-label={`QR code of the link (version ${code.version}, error correction ${code.ecc})`}
            viewBox={`0 0 ${code.modules.length} ${code.modules.length}`}
            shapeRendering="crispEdges"
            data-qr-version={code.version}
            data-qr-ecc={code.ecc}
          >
            <rect width={code.modules.length} height={code.modules.length} fill="#fff" />
            <path d={qrPath(code.modules)} fill="#000" />
          </svg>
          <figcaption>
            QR code version {code.version} ({code.modules.length - 2 * QR_BORDER} × {code.modules.length - 2 * QR_BORDER} modules),
            error correction {code.ecc} ({code.ecc === 'M' ? '15' : '7'} % of the code may be lost), {fmtInt(code.chars)} characters.
            {' '}<button type="button" className="small" onClick={() => setBig(true)}>Show QR full screen</button>
            {' '}<button type="button" className="small" onClick={() => download(qrSvg(code, link), `${slug(scenario.name)}-qr.svg`, 'image/svg+xml')}>Download QR (SVG)</button>
          </figcaption>
        </figure>
      ) : (
        <p className="inline-error" role="status">
          This link is {fmtInt(link.length)} characters, more than a QR code holds ({fmtInt(QR_MAX)}): share the link, or Export scenario and share the file.
        </p>
      )}
      {big && code && <FullScreenQr code={code} link={link} title={scenario.name} onClose={() => setBig(false)} />}
    </Sheet>
  );
}

/**
 * The QR code as large as the screen allows, for a room to scan from a projector, with the link
 * under it in type a person can read out. A modal of its own over the share sheet: Esc, a click
 * or Close leaves it (and only it).
 */
function FullScreenQr({ code, link, title, onClose }: { code: QrCode; link: string; title: string; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const n = code.modules.length;
  return (
    <dialog
      ref={ref}
      className="qr-full"
      aria-label={`QR code of the link to ${title}`}
      onCancel={(e) => { e.preventDefault(); e.stopPropagation(); onClose(); }}
      // Esc here is this view's: the page's shortcut would close the share sheet under it too.
      onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); onClose(); } }}
      onClick={onClose}
    >
      <svg role="img" aria-label={`QR code of the link (version ${code.version})`} viewBox={`0 0 ${n} ${n}`} shapeRendering="crispEdges" data-qr-version={code.version}>
        <rect width={n} height={n} fill="#fff" />
        <path d={qrPath(code.modules)} fill="#000" />
      </svg>
      <p className="qr-full-link">{link}</p>
      <button type="button" onClick={onClose}>Close (Esc)</button>
    </dialog>
  );
}
