import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModeledError, Operation, ServiceId, ServiceModel, Shape } from './types.js';

const cache = new Map<string, ServiceModel>();

/**
 * Reads the generated model of a service (built by `node scripts/build-models.mjs`), once per process.
 *
 * @example
 * const iam = loadServiceModel('iam');
 * findOperation(iam, 'CreateUser')?.resultWrapper; // 'CreateUserResult'
 */
export function loadServiceModel(service: ServiceId, options: { dir?: string } = {}): ServiceModel {
  const file = join(options.dir ?? defaultModelDir(service), `${service}.json`);
  const cached = cache.get(file);
  if (cached) return cached;
  const model = parseServiceModel(JSON.parse(readFileSync(file, 'utf8')));
  if (model.service !== service) throw new Error(`model file \`${file}\` is for \`${model.service}\``);
  cache.set(file, model);
  return model;
}

/**
 * Checks the generated JSON's format and that every shape it references exists, so that accessors can
 * treat a missing shape as a bug rather than a case to handle.
 */
export function parseServiceModel(json: unknown): ServiceModel {
  if (!isRecord(json) || json['formatVersion'] !== 1) {
    throw new Error('service model has an unknown format; rebuild it with `node scripts/build-models.mjs`');
  }
  const model = json as unknown as ServiceModel;
  const missing = (name: string | undefined): boolean => name !== undefined && !(name in model.shapes);
  for (const op of Object.values(model.operations)) {
    if (missing(op.input) || missing(op.output)) throw new Error(`operation \`${op.name}\` references a missing shape`);
  }
  for (const [name, shape] of Object.entries(model.shapes)) {
    const refs =
      shape.type === 'structure'
        ? Object.values(shape.members).map((m) => m.shape)
        : shape.type === 'list'
          ? [shape.member]
          : shape.type === 'map'
            ? [shape.key, shape.value]
            : [];
    for (const ref of refs) if (missing(ref)) throw new Error(`shape \`${name}\` references missing shape \`${ref}\``);
  }
  return model;
}

export function findOperation(model: ServiceModel, name: string): Operation | undefined {
  return Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
}

/** The shape named `name`; a missing one means a corrupt model, so it throws. */
export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = Object.hasOwn(model.shapes, name) ? model.shapes[name] : undefined;
  if (!shape) throw new Error(`shape \`${name}\` is not in the ${model.service} model`);
  return shape;
}

export function findError(model: ServiceModel, code: string): ModeledError | undefined {
  return Object.hasOwn(model.errors, code) ? model.errors[code] : undefined;
}

function defaultModelDir(service: ServiceId): string {
  // Compiled to dist/src/protocol/model/, run from src/ by other tools: look upwards for generated/models.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'generated', 'models');
    if (existsSync(join(candidate, `${service}.json`))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('generated/models not found; run `node scripts/build-models.mjs` first');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
