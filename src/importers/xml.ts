// A small strict XML reader for machine files (hwloc's `lstopo --of xml`), written here rather
// than taken from npm because what it refuses is the point: it never reads a DTD, so nothing can
// declare an entity, and the only references it replaces are XML's five predefined ones and
// character references. A billion-laughs or external-entity file is refused at its DOCTYPE's
// "[", in time linear in the input. One pass with an explicit stack (no recursion), bounded
// depth, element and attribute counts; every error names its line.
import { ImportError, shown } from './types';

export interface XmlElement {
  name: string;
  /** Attributes in a Map: a name such as "__proto__" is only a name. */
  attrs: Map<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), entity references replaced. */
  text: string;
  /** Offset of its start tag in the text (xmlLine turns it into a line, for errors). */
  pos: number;
}

export const XML_LIMITS = { depth: 256, elements: 1_000_000, attributes: 256 } as const;

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const SPACE = /[ \t\r\n]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The 1-based line of an offset (only for errors: it walks the text). */
export function xmlLine(src: string, pos: number): number {
  let n = 1;
  for (let i = src.indexOf('\n'); i >= 0 && i < pos; i = src.indexOf('\n', i + 1)) n++;
  return n;
}

/** Parses XML text into its root element; throws ImportError with the line of the first problem. */
export function parseXml(src: string): XmlElement {
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (msg: string, at = i): never => { throw new ImportError(`line ${xmlLine(src, at)}: ${msg}`); };

  const decode = (raw: string, at: number): string => {
    if (raw.indexOf('&') < 0) return raw;
    return raw.replace(/&([^;&\s]{0,12});?/g, (m, ref: string) => {
      if (!m.endsWith(';')) return fail(`"&" must start a reference such as &amp; (got ${shown(m)})`, at);
      if (ref in PREDEFINED && Object.prototype.hasOwnProperty.call(PREDEFINED, ref)) return PREDEFINED[ref];
      const num = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
      if (num) {
        const code = num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2]);
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return fail(`character reference ${shown(m)} is not a character`, at);
        return String.fromCodePoint(code);
      }
      return fail(`entity ${shown(m)} is not one of XML's five (&lt; &gt; &amp; &quot; &apos;): entities are never expanded`, at);
    });
  };

  const skipSpace = () => { SPACE.lastIndex = i; SPACE.exec(src); i = SPACE.lastIndex; };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) return fail(`expected a name (got ${shown(src.slice(i, i + 20))})`);
    i = NAME.lastIndex;
    return m[0];
  };

  let root: XmlElement | null = null;
  const stack: XmlElement[] = [];
  let count = 0;
  let doctype = false;

  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? src.length : lt;
    if (textEnd > i) {
      const raw = src.slice(i, textEnd);
      if (stack.length) stack[stack.length - 1].text += decode(raw, i);
      else if (raw.trim() !== '') fail(`text outside the root element (got ${shown(raw.trim())})`);
      i = textEnd;
      if (lt < 0) break;
    }
    // i is at '<'
    if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i + 2);
      if (end < 0) fail('a processing instruction "<?" is never closed');
      i = end + 2;
      continue;
    }
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4);
      if (end < 0) fail('a comment is never closed');
      i = end + 3;
      continue;
    }
    if (src.startsWith('<![CDATA[', i)) {
      if (!stack.length) fail('CDATA outside the root element');
      const end = src.indexOf(']]>', i + 9);
      if (end < 0) fail('a CDATA section is never closed');
      stack[stack.length - 1].text += src.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (src.startsWith('<!', i)) {
      if (!src.startsWith('<!DOCTYPE', i)) fail(`markup declarations are not read (got ${shown(src.slice(i, i + 20))})`);
      if (doctype || root) fail('a DOCTYPE must come once, before the root element');
      doctype = true;
      // <!DOCTYPE name [SYSTEM "uri" | PUBLIC "id" "uri"]> with no internal subset: the DTD is never read.
      let j = i + 9;
      let quote = '';
      for (; j < src.length; j++) {
        const c = src[j];
        if (quote) { if (c === quote) quote = ''; continue; }
        if (c === '"' || c === "'") quote = c;
        else if (c === '[') fail('a DOCTYPE with an internal subset (entity declarations) is refused: entities are never expanded', j);
        else if (c === '>') break;
      }
      if (j >= src.length) fail('the DOCTYPE is never closed');
      i = j + 1;
      continue;
    }
    if (src.startsWith('</', i)) {
      const at = i;
      i += 2;
      const n = name();
      skipSpace();
      if (src[i] !== '>') fail(`expected ">" to end </${n}`);
      i++;
      const open = stack.pop();
      if (!open) fail(`</${n}> closes nothing`, at);
      if (open!.name !== n) fail(`</${n}> closes <${open!.name}> (opened on line ${xmlLine(src, open!.pos)})`, at);
      continue;
    }
    // A start tag.
    const at = i;
    i++;
    const el: XmlElement = { name: name(), attrs: new Map(), children: [], text: '', pos: at };
    if (++count > XML_LIMITS.elements) fail(`more than ${XML_LIMITS.elements} elements`);
    for (;;) {
      const before = i;
      skipSpace();
      if (src[i] === '>' || src.startsWith('/>', i)) break;
      if (i === before) fail(`expected a space, ">" or "/>" in <${el.name}> (got ${shown(src.slice(i, i + 20))})`);
      const an = name();
      skipSpace();
      if (src[i] !== '=') fail(`attribute ${an} of <${el.name}> has no "="`);
      i++;
      skipSpace();
      const q = src[i];
      if (q !== '"' && q !== "'") fail(`attribute ${an} of <${el.name}> must be quoted`);
      const end = src.indexOf(q, i + 1);
      if (end < 0) fail(`attribute ${an} of <${el.name}> is never closed`);
      const raw = src.slice(i + 1, end);
      if (raw.indexOf('<') >= 0) fail(`attribute ${an} of <${el.name}> holds "<"`);
      if (el.attrs.has(an)) fail(`attribute ${an} is given twice in <${el.name}>`);
      if (el.attrs.size >= XML_LIMITS.attributes) fail(`<${el.name}> has more than ${XML_LIMITS.attributes} attributes`);
      el.attrs.set(an, decode(raw, i));
      i = end + 1;
    }
    const selfClosing = src[i] === '/';
    i += selfClosing ? 2 : 1;
    if (stack.length) stack[stack.length - 1].children.push(el);
    else if (root) fail(`a second root element <${el.name}>`, at);
    else root = el;
    if (!selfClosing) {
      if (stack.length >= XML_LIMITS.depth) fail(`elements nested deeper than ${XML_LIMITS.depth}`, at);
      stack.push(el);
    }
  }
  if (stack.length) fail(`the file ends inside <${stack[stack.length - 1].name}> (opened on line ${xmlLine(src, stack[stack.length - 1].pos)}): truncated?`, src.length);
  if (!root) fail('no element: not XML', 0);
  return root!;
}
