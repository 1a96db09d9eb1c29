// A QR code of a link, for "Copy link" (app/views/sharing/ShareDialog.tsx). The encoder is the `qr`
// package (README: dependencies). A link is written in byte mode; the error correction is the
// highest level that still fits, from M (15 % of the code may be lost) down to L (7 %): a
// projector photo needs the margin, a 64-host link needs the room.
import encodeQR, { type ErrorCorrection } from 'qr';

/** Quiet zone around the code, in modules (ISO/IEC 18004 asks for 4). */
export const QR_BORDER = 4;
/** Levels tried, most robust first. */
const LEVELS: readonly ErrorCorrection[] = ['medium', 'low'];
const LETTER: Record<ErrorCorrection, string> = { low: 'L', medium: 'M', quartile: 'Q', high: 'H' };

export interface QrCode {
  /** Dark modules, row by row, the quiet zone included. */
  modules: boolean[][];
  /** QR version 1..40 (21 + 4 (version - 1) modules a side, without the quiet zone). */
  version: number;
  /** Error correction level: "M" or "L". */
  ecc: string;
  /** Characters encoded. */
  chars: number;
}

/** The QR code of `text`, or null when it is too long for any QR code (version 40, level L). */
export function qrCode(text: string): QrCode | null {
  for (const level of LEVELS) {
    let modules: boolean[][];
    try {
      modules = encodeQR(text, 'raw', { ecc: level, border: QR_BORDER });
    } catch {
      continue; // does not fit at this level
    }
    const side = modules.length - 2 * QR_BORDER;
    return { modules, version: (side - 17) / 4, ecc: LETTER[level], chars: text.length };
  }
  return null;
}

/** The dark modules as one SVG path of horizontal runs, in module units. */
export function qrPath(modules: readonly boolean[][]): string {
  const n = modules.length;
  let d = '';
  modules.forEach((row, y) => {
    for (let x = 0; x < n; x++) {
      if (!row[x]) continue;
      let end = x;
      while (end + 1 < n && row[end + 1]) end++;
      d += `M${x} ${y}h${end - x + 1}v1h${x - end - 1}z`;
      x = end;
    }
  });
  return d;
}

/** The code as a standalone SVG file (dark on white in every theme: scanners need it). */
export function qrSvg(code: QrCode, title: string): string {
  const n = code.modules.length;
  const esc = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><title>${esc}</title><rect width="${n}" height="${n}" fill="#fff"/><path d="${qrPath(code.modules)}" fill="#000"/></svg>`;
}
