// The canonical request of AWS Signature Version 4 for non-S3 services
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).

const HEX = '0123456789ABCDEF';

/** RFC 3986 percent-encoding of bytes: only the unreserved set `A-Z a-z 0-9 - _ . ~` stays literal. */
export function uriEncodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const unreserved =
      (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e;
    out += unreserved ? String.fromCharCode(b) : `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

const encoder = new TextEncoder();

/** Encodes a string's UTF-8 bytes, `%` included: this is the "once more than received" of a path segment. */
export const uriEncode = (text: string): string => uriEncodeBytes(encoder.encode(text));

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/**
 * Percent-decodes a raw query component to bytes. Works on bytes rather than strings so that an escape which is
 * not valid UTF-8 (`%FF`) survives a decode/encode round trip unchanged. A `%` not followed by two hex digits is
 * a literal `%`, and `+` is a literal `+`: SigV4 signers never send either, and reading `+` as a space would
 * let two different queries share one signature.
 */
function decodeComponent(raw: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '%' && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
      out.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    // Copy one code point, keeping surrogate pairs together.
    const cp = raw.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    for (const b of encoder.encode(ch)) out.push(b);
    i += ch.length - 1;
  }
  return Uint8Array.from(out);
}

const decoder = new TextDecoder();

/** One query parameter, both as the canonical request spells it and decoded (for reading auth parameters). */
export interface QueryParam {
  encodedName: string;
  encodedValue: string;
  name: string;
  value: string;
}

/** Splits a raw query string into parameters, in arrival order. */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    const nameBytes = decodeComponent(rawName);
    const valueBytes = decodeComponent(rawValue);
    params.push({
      encodedName: uriEncodeBytes(nameBytes),
      encodedValue: uriEncodeBytes(valueBytes),
      name: decoder.decode(nameBytes),
      value: decoder.decode(valueBytes),
    });
  }
  return params;
}

/** Sorted by encoded name, then encoded value (both ASCII, so code-unit order is byte order). */
export function canonicalQuery(params: readonly QueryParam[]): string {
  return [...params]
    .sort((a, b) => cmp(a.encodedName, b.encodedName) || cmp(a.encodedValue, b.encodedValue))
    .map((p) => `${p.encodedName}=${p.encodedValue}`)
    .join('&');
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Removes empty, `.` and `..` segments, then encodes each segment once more than received (so `%20` on the wire
 * becomes `%2520`): AWS's rule for every service but S3, and what `@smithy/signature-v4` does with
 * `uriEscapePath: true`.
 */
export function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/** Trims and collapses runs of whitespace; a repeated header's values are joined with `,` as AWS does. */
export function canonicalHeaderValue(value: string | readonly string[] | undefined): string {
  const one = (v: string): string => v.replace(/[ \t\r\n]+/g, ' ').trim();
  if (value === undefined) return '';
  return typeof value === 'string' ? one(value) : value.map(one).join(',');
}
