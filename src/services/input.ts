/**
 * Typed reads of a parsed operation input. The protocol layer already checked the input against the model
 * (required members, lengths, patterns, enums), so a wrong type here is a bug and throws.
 */
import type { ShapeValue, StructureValue } from '../protocol/model/index.js';
import type { Tag } from './iam/entities.js';

export class Input {
  constructor(readonly raw: StructureValue) {}

  private get(name: string): ShapeValue | undefined {
    return this.raw[name];
  }

  has(name: string): boolean {
    return this.raw[name] !== undefined;
  }

  str(name: string): string {
    const v = this.get(name);
    if (typeof v !== 'string') throw new Error(`input member \`${name}\` is not a string`);
    return v;
  }

  optStr(name: string): string | undefined {
    const v = this.get(name);
    return v === undefined ? undefined : this.str(name);
  }

  optInt(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'number') throw new Error(`input member \`${name}\` is not a number`);
    return v;
  }

  optBool(name: string): boolean | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw new Error(`input member \`${name}\` is not a boolean`);
    return v;
  }

  strList(name: string): string[] {
    const v = this.get(name);
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`input member \`${name}\` is not a list of strings`);
    return v as string[];
  }

  structList(name: string): StructureValue[] {
    const v = this.get(name);
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new Error(`input member \`${name}\` is not a list`);
    return v as StructureValue[];
  }

  /** `Tags.member.N.Key/Value` as stored tags. */
  tags(name = 'Tags'): Tag[] {
    return this.structList(name).map((t) => ({ Key: String(t.Key ?? ''), Value: String(t.Value ?? '') }));
  }

  /** The pagination inputs: Marker and MaxItems (1–1000, default 100). */
  page(): { marker?: string; maxItems: number } {
    const marker = this.optStr('Marker');
    return { maxItems: this.optInt('MaxItems') ?? 100, ...(marker !== undefined ? { marker } : {}) };
  }
}
