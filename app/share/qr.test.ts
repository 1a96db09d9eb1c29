// A 64-host scenario's link still fits a QR code, and the code reads back as the link
// (decoded with the same package's reader, from a rendered image).
import { describe, expect, it } from 'vitest';
import decodeQR from 'qr/decode.js';
import { fabric64, tiny } from '../../src/scenario/fixtures';
import { readLink, writeLink } from '../../src/scenario/link';
import { qrCode, qrSvg, type QrCode } from './qr';

/** Where the app is assumed to live: a project page on a static host (42 characters). */
const ORIGIN = 'https://example.github.io/cxl-playground/';

/** RGBA pixels of the code, `scale` pixels a module. */
function image(code: QrCode, scale = 3) {
  const n = code.modules.length * scale;
  const data = new Uint8Array(n * n * 4).fill(255);
  code.modules.forEach((row, y) => row.forEach((dark, x) => {
    if (!dark) return;
    for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) {
      const p = ((y * scale + dy) * n + x * scale + dx) * 4;
      data[p] = data[p + 1] = data[p + 2] = 0;
    }
  }));
  return { width: n, height: n, data };
}

describe('QR code of a link', () => {
  it('picks level M for a small scenario and reads back as the link', () => {
    const link = `${ORIGIN}#${writeLink(tiny(), { b: 'tpp' })}`;
    const code = qrCode(link)!;
    expect(code.ecc).toBe('M');
    expect(code.version).toBeLessThanOrEqual(20);
    expect(decodeQR(image(code))).toBe(link);
  });

  it("fits a 64-host scenario's link with demo options in a QR code that reads back", () => {
    const s = fabric64();
    const link = `${ORIGIN}#${writeLink(s, { play: true, speed: 10, present: true })}`;
    const code = qrCode(link);
    expect(code, `${link.length} characters`).not.toBeNull();
    expect(decodeQR(image(code!))).toBe(link);
    // The link still opens to the same scenario.
    const r = readLink(link);
    expect(r.ok && JSON.stringify(r.scenario)).toBe(JSON.stringify(s));
  });

  it('says when a text is too long for any QR code', () => {
    expect(qrCode('x'.repeat(3000))).toBeNull();
  });

  it('draws dark runs on white, with the link as its title', () => {
    const code = qrCode('https://example.org/#s=v2.abc')!;
    const side = 17 + 4 * code.version + 2 * 4;
    const svg = qrSvg(code, 'QR code of <the link>');
    expect(svg).toMatch(new RegExp(`^<svg [^>]*viewBox="0 0 ${side} ${side}"`));
    expect(svg).toContain('<title>QR code of &lt;the link&gt;</title>');
    expect(svg).toMatch(/<path d="M\d+ \d+h\d+v1h-\d+z/);
  });
});
