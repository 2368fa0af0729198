/**
 * Marker/MaxItems/IsTruncated over store lists. Markers are opaque to clients: the last key seen, encoded.
 */
import type { ListQuery, RecordReader, StoredRecord } from '../../store/contract.js';
import { AwsError } from '../errors.js';

export function encodeMarker(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

export function decodeMarker(marker: string): string {
  const k = Buffer.from(marker, 'base64url').toString('utf8');
  if (k === '' || encodeMarker(k) !== marker) throw new AwsError('InvalidInput', 'Invalid Marker.');
  return k;
}

export interface Page<T> {
  items: T[];
  isTruncated: boolean;
  marker?: string;
}

/** One page of records; asks the store for one more than a page to know whether another page exists. */
export async function pageOf(r: RecordReader, q: Omit<ListQuery, 'limit' | 'after'>, page: { marker?: string; maxItems: number }): Promise<Page<StoredRecord>> {
  const after = page.marker !== undefined ? decodeMarker(page.marker) : undefined;
  const rows = await r.list({ ...q, limit: page.maxItems + 1, ...(after !== undefined ? { after } : {}) });
  const isTruncated = rows.length > page.maxItems;
  const items = isTruncated ? rows.slice(0, page.maxItems) : rows;
  const last = items[items.length - 1];
  return { items, isTruncated, ...(isTruncated && last ? { marker: encodeMarker(last.key) } : {}) };
}

/** Pages an in-memory, already sorted list the same way (for lists assembled from several sources). */
export function pageArray<T>(all: T[], keyOf: (t: T) => string, page: { marker?: string; maxItems: number }): Page<T> {
  const after = page.marker !== undefined ? decodeMarker(page.marker) : undefined;
  const rest = after === undefined ? all : all.filter((t) => keyOf(t) > after);
  const items = rest.slice(0, page.maxItems);
  const isTruncated = rest.length > page.maxItems;
  const last = items[items.length - 1];
  return { items, isTruncated, ...(isTruncated && last !== undefined ? { marker: encodeMarker(keyOf(last)) } : {}) };
}

/** The members AWS returns for a page: IsTruncated always, Marker only when truncated. */
export function pageMembers(p: Page<unknown>): { IsTruncated: boolean; Marker?: string } {
  return p.isTruncated && p.marker !== undefined ? { IsTruncated: true, Marker: p.marker } : { IsTruncated: false };
}
