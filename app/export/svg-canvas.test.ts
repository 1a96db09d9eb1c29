import { describe, expect, it } from 'vitest';
import { recordSvg } from './svg-canvas';

describe('recordSvg', () => {
  it('records lines, dashes, rectangles and aligned text as SVG', () => {
    const svg = recordSvg((ctx) => {
      ctx.font = '20px system-ui';
      ctx.strokeStyle = '#c2410c';
      ctx.lineWidth = 2;
      ctx.setLineDash([5, 4]);
      ctx.beginPath(); ctx.moveTo(0, 10); ctx.lineTo(100, 20); ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#0f8a7e';
      ctx.fillRect(1, 2, 3, 4);
      ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
      ctx.fillText('AMAT <ns>', 50, 60);
      ctx.save(); ctx.translate(10, 0); ctx.globalAlpha = 0.5; ctx.fillRect(0, 0, 1, 1); ctx.restore();
      (ctx as unknown as { someFutureCall(): void }).someFutureCall();
      expect(ctx.measureText('abcd').width).toBeGreaterThan(0);
    }, 200, 100, '#fff', 'A chart', null);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="200" height="100"/);
    expect(svg).toContain('<title>A chart</title>');
    expect(svg).toContain('<path d="M0 10L100 20" fill="none" stroke="#c2410c" stroke-width="2" stroke-dasharray="5 4"/>');
    expect(svg).toContain('<rect x="1" y="2" width="3" height="4" fill="#0f8a7e"/>');
    expect(svg).toContain('text-anchor="end" dominant-baseline="central">AMAT &lt;ns&gt;</text>');
    expect(svg).toContain('style="font: 20px system-ui"');
    expect(svg).toContain('<g transform="matrix(1 0 0 1 10 0)" opacity="0.5"><rect');
  });
});
