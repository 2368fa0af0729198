/**
 * A small strict, namespace-aware XML reader for SAML metadata documents. It builds an element tree and
 * nothing more: no DTDs (a document with a DOCTYPE is refused, so there is no entity expansion and no
 * external fetch), only the five predefined entities and character references, bounded depth.
 *
 * Why not a dependency: the one XML parser in node_modules (xml2js) arrives only as a dev dependency of the
 * AWS SDK v2, and reading metadata needs a tenth of a general parser. Verifying signed SAML assertions later
 * (exclusive canonicalization) is a different job and will want a real DOM implementation.
 *
 * @example
 * const root = parseXml('<a xmlns="urn:x"><b c="1">t</b></a>');
 * root.local === 'a' && root.ns === 'urn:x' && root.children[0]?.attrs.get('c') === '1';
 */

export interface XmlElement {
  /** The namespace URI, or `''` for none. */
  ns: string;
  local: string;
  /** Unprefixed attributes by local name; prefixed ones as `{ns}local`. Namespace declarations are left out. */
  attrs: Map<string, string>;
  children: XmlElement[];
  /** The element's own character data (CDATA included), concatenated. */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlSyntaxError';
  }
}

const MAX_DEPTH = 200;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
// A pragmatic Name production: ASCII name characters plus everything outside ASCII.
const NAME = /[A-Za-z_:\u0080-\uFFFF][-A-Za-z0-9_:.\u0080-\uFFFF]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

type Scope = ReadonlyMap<string, string>;

export function parseXml(text: string): XmlElement {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, pos);
  };
  const startsWith = (s: string): boolean => text.startsWith(s, pos);
  const skipSpace = (): void => {
    while (pos < text.length && /[ \t\r\n]/.test(text[pos] ?? '')) pos++;
  };
  const until = (end: string, what: string): string => {
    const i = text.indexOf(end, pos);
    if (i < 0) fail(`unterminated ${what}`);
    const s = text.slice(pos, i);
    pos = i + end.length;
    return s;
  };
  const name = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(text);
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const decode = (raw: string, at: number): string =>
    raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) throw new XmlSyntaxError('bad entity reference', at);
      const named = ENTITIES[ref];
      if (named !== undefined) return named;
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
      const code = m ? parseInt(m[1] ?? m[2] ?? '', m[1] !== undefined ? 16 : 10) : NaN;
      if (!Number.isFinite(code) || code === 0 || code > 0x10ffff) throw new XmlSyntaxError(`unknown entity \`${ref}\``, at);
      return String.fromCodePoint(code);
    });

  /** Comments and processing instructions between markup; true when one was skipped. */
  const misc = (): boolean => {
    if (startsWith('<!--')) {
      pos += 4;
      until('-->', 'comment');
      return true;
    }
    if (startsWith('<?')) {
      pos += 2;
      until('?>', 'processing instruction');
      return true;
    }
    return false;
  };

  const element = (scope: Scope, depth: number): XmlElement => {
    if (depth > MAX_DEPTH) fail('elements nested too deeply');
    pos++; // '<'
    const qname = name();
    const raw: [string, string][] = [];
    for (;;) {
      const before = pos;
      skipSpace();
      if (startsWith('/>') || startsWith('>')) break;
      if (pos === before) fail('expected whitespace before an attribute');
      const attr = name();
      skipSpace();
      if (text[pos] !== '=') fail('expected `=`');
      pos++;
      skipSpace();
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") return fail('expected a quoted attribute value');
      pos++;
      const at = pos;
      const value = until(quote, 'attribute value');
      if (value.includes('<')) throw new XmlSyntaxError('`<` in an attribute value', at);
      if (raw.some(([n]) => n === attr)) fail(`duplicate attribute \`${attr}\``);
      raw.push([attr, decode(value, at)]);
    }
    const inner = new Map(scope);
    for (const [n, v] of raw) {
      if (n === 'xmlns') inner.set('', v);
      else if (n.startsWith('xmlns:')) inner.set(n.slice(6), v);
    }
    const resolve = (qn: string, isAttr: boolean): { ns: string; local: string } => {
      const i = qn.indexOf(':');
      if (i < 0) return { ns: isAttr ? '' : (inner.get('') ?? ''), local: qn };
      const prefix = qn.slice(0, i);
      const ns = prefix === 'xml' ? XML_NS : inner.get(prefix);
      if (ns === undefined) return fail(`undeclared namespace prefix \`${prefix}\``);
      return { ns, local: qn.slice(i + 1) };
    };
    const { ns, local } = resolve(qname, false);
    const attrs = new Map<string, string>();
    for (const [n, v] of raw) {
      if (n === 'xmlns' || n.startsWith('xmlns:')) continue;
      const r = resolve(n, true);
      attrs.set(r.ns === '' ? r.local : `{${r.ns}}${r.local}`, v);
    }
    const el: XmlElement = { ns, local, attrs, children: [], text: '' };
    if (startsWith('/>')) {
      pos += 2;
      return el;
    }
    pos++; // '>'
    for (;;) {
      if (pos >= text.length) fail(`element \`${qname}\` is not closed`);
      if (startsWith('</')) {
        pos += 2;
        const closing = name();
        if (closing !== qname) fail(`\`</${closing}>\` closes \`<${qname}>\``);
        skipSpace();
        if (text[pos] !== '>') fail('expected `>`');
        pos++;
        return el;
      }
      if (startsWith('<![CDATA[')) {
        pos += 9;
        el.text += until(']]>', 'CDATA section');
      } else if (startsWith('<!')) {
        if (!misc()) fail('unexpected markup declaration');
      } else if (startsWith('<?')) {
        misc();
      } else if (text[pos] === '<') {
        el.children.push(element(inner, depth + 1));
      } else {
        const at = pos;
        const next = text.indexOf('<', pos);
        const chunk = text.slice(pos, next < 0 ? text.length : next);
        pos += chunk.length;
        el.text += decode(chunk, at);
      }
    }
  };

  if (startsWith('<?xml')) {
    pos += 5;
    until('?>', 'XML declaration');
  }
  for (;;) {
    skipSpace();
    if (startsWith('<!DOCTYPE')) fail('document type declarations are not accepted');
    if (!misc()) break;
  }
  if (text[pos] !== '<') fail('expected the root element');
  const root = element(new Map(), 0);
  for (;;) {
    skipSpace();
    if (pos >= text.length) break;
    if (!misc()) fail('content after the root element');
  }
  return root;
}

/** Child elements of `el` with this namespace and local name. */
export function childrenNamed(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.local === local);
}
