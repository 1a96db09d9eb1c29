// Scenario <-> shareable link payload: "v<format>.<base64url(deflate-raw(JSON))>".
// v2 (written): the JSON is the scenario's short link form (pack.ts: values the parser fills in
// left out, lists as columns), so a 64-host scenario still fits a QR code. v1 (still read):
// the parsed scenario's JSON as it is.
// Links are untrusted: every size is bounded before it is allocated.
import { deflateSync, inflateSync } from 'fflate';
import { LIMITS } from './limits';
import { packScenario, unpackScenario } from './pack';
import { parseScenario, type ParseResult } from './validate';
import type { Scenario } from './schema';

/** The link format this app writes; it reads every format up to it. */
export const LINK_FORMAT = 2;

/** Payloads by scenario object (scenarios are never changed in place): see encodeScenario and knownPayload. */
const payloads = new WeakMap<Scenario, string>();

/** The link payload of a parsed scenario, worked out once per scenario object (64 hosts: 10-30 ms). */
export function encodeScenario(s: Scenario): string {
  let p = payloads.get(s);
  if (p === undefined) payloads.set(s, (p = encodeNow(s)));
  return p;
}

/**
 * Tells encodeScenario the payload of `s`, worked out by this same function elsewhere: the
 * simulator's worker encodes each scenario it loads (from its copy, the same JSON), so an
 * edit's link costs the page's main thread nothing.
 */
export function knownPayload(s: Scenario, payload: string | undefined): void {
  // None given (a worker of another build): encodeScenario works it out when asked.
  if (typeof payload === 'string') payloads.set(s, payload);
}

function encodeNow(s: Scenario): string {
  const json = new TextEncoder().encode(JSON.stringify(packScenario(s)));
  return `v${LINK_FORMAT}.${toBase64Url(deflateSync(json, { level: 9 }))}`;
}

/** Decodes the payload of a "#s=" link into a validated scenario, or says what is wrong. */
export function decodeScenario(payload: string): ParseResult {
  if (payload.length > LIMITS.urlChars) {
    return fail(`the link is too long (${payload.length} characters; at most ${LIMITS.urlChars})`);
  }
  const m = /^v(\d{1,6})\.([A-Za-z0-9_-]*)$/.exec(payload);
  if (!m) return fail(`the link is not a CXL Playground scenario (expected "v${LINK_FORMAT}." followed by base64url data)`);
  const version = Number(m[1]);
  if (version < 1 || version > LINK_FORMAT) {
    return fail(version > LINK_FORMAT
      ? `the link was made by a newer version of CXL Playground (format v${version}; this app reads v1 to v${LINK_FORMAT})`
      : `unknown link format v${version}`);
  }
  if (m[2] === '') return fail(`the link holds no scenario: nothing follows "v${version}."`);
  const bytes = fromBase64Url(m[2]);
  if (!bytes) return fail('the link data is not valid base64url');
  let json: Uint8Array;
  try {
    json = inflateBounded(bytes, LIMITS.jsonBytes);
  } catch (e) {
    return fail(`the link data is damaged (${e instanceof Error ? e.message : 'cannot decompress'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return fail('the link data is not valid JSON');
  }
  if (version === 1) return parseScenario(value);
  const u = unpackScenario(value);
  return u.ok ? parseScenario(u.value) : { ok: false, errors: [{ path: u.path, message: u.message }] };
}

function fail(message: string): ParseResult {
  return { ok: false, errors: [{ path: 'link', message }] };
}

/** Inflates raw deflate data, refusing to produce more than `max` bytes. */
function inflateBounded(data: Uint8Array, max: number): Uint8Array {
  // fflate stops writing when the caller-sized buffer is full, so one spare byte tells
  // an output of exactly `max` bytes from a larger (possibly hostile) one.
  const out = new Uint8Array(max + 1);
  const result = inflateSync(data, { out });
  if (result.length > max) throw new Error(`more than ${max} bytes when decompressed`);
  return result;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    s += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    s += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return s;
}

export function fromBase64Url(s: string): Uint8Array | null {
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c] : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
