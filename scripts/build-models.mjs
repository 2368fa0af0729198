// @ts-check
/**
 * Derives the compact IAM and STS service models that src/protocol reads at run time.
 *
 *   node scripts/build-models.mjs [--out generated/models]
 *
 * Sources, in the order they are trusted:
 *   1. AWS SDK for JavaScript v3 (@aws-sdk/client-iam, @aws-sdk/client-sts): the operation list, every
 *      input/output/error shape, required members, error codes with HTTP status and fault. This is what the
 *      SDK clients serialize and deserialize, so it is the skeleton of the model.
 *   2. botocore's service descriptions without prose (models/aws/*.json, see scripts/refresh-aws-models.mjs):
 *      min/max, pattern, enum, member order, per-operation error lists. v3 ships none of those.
 *   3. aws-sdk v2 (apis/*.min.json): result wrapper names, the XML namespace, and any constraint still present
 *      (the current v2 build strips them, so today it adds none).
 *   4. models/documented.json: constraints the API reference states for members too new for the committed
 *      botocore descriptions (e.g. STS's MinimumSessionTokenSize), used only where 2 and 3 say nothing.
 * No documentation text is copied: only names, types, constraints and codes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const SERVICES = [
  { id: 'iam', v3: '@aws-sdk/client-iam', v2: 'aws-sdk/apis/iam-2010-05-08.min.json' },
  { id: 'sts', v3: '@aws-sdk/client-sts', v2: 'aws-sdk/apis/sts-2011-06-15.min.json' },
];

// Smithy's static-schema encoding, as used by @smithy/core/schema (sentinels.js, translateTraits.js).
const SIMPLE = { 0: 'string', 1: 'numeric', 2: 'boolean', 4: 'timestamp', 5: 'timestamp', 21: 'blob' };
const LIST_MODIFIER = 64;
const MAP_MODIFIER = 128;
const SENSITIVE_BIT = 8;

function main() {
  const outIndex = process.argv.indexOf('--out');
  const outDir = resolve(root, outIndex > 0 ? String(process.argv[outIndex + 1]) : 'generated/models');
  const botocore = findBotocoreData();
  const documented = JSON.parse(readFileSync(join(root, 'models', 'documented.json'), 'utf8'));
  mkdirSync(outDir, { recursive: true });
  for (const service of SERVICES) {
    const model = buildService(service, botocore, documented[service.id] ?? {});
    const file = join(outDir, `${service.id}.json`);
    writeFileSync(file, JSON.stringify(model) + '\n');
    const ops = Object.keys(model.operations).length;
    const shapes = Object.keys(model.shapes).length;
    process.stdout.write(`build-models: ${service.id}: ${ops} operations, ${shapes} shapes -> ${file}\n`);
  }
}

/**
 * botocore's descriptions without their prose, committed under models/aws by scripts/refresh-aws-models.mjs,
 * so the build needs only npm packages.
 * @returns {{ dir: string, version: string }}
 */
function findBotocoreData() {
  const dir = join(root, 'models', 'aws');
  const meta = JSON.parse(readFileSync(join(dir, 'iam.json'), 'utf8')).metadata;
  return { dir, version: String(meta.botocoreVersion ?? 'unknown') };
}

/** @param {string} file */
function readBotocore(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** @param {string} name */
function packageVersion(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

/**
 * A node of a JSON service description (botocore or v2) seen through its `shape` references.
 * @typedef {{ src: any, node: any }} Counterpart
 */

/** @param {any} src @param {any} node @returns {Counterpart | undefined} */
function counterpart(src, node) {
  if (!node) return undefined;
  if (typeof node.shape === 'string') {
    const target = src.shapes[node.shape];
    return target ? { src, node: { ...target, ...node, shapeName: node.shape } } : undefined;
  }
  return { src, node };
}

/** @param {Counterpart[]} cps @param {string} key */
function firstDefined(cps, key) {
  for (const cp of cps) if (cp.node[key] !== undefined) return cp.node[key];
  return undefined;
}

/**
 * @param {{ id: string, v3: string, v2: string }} service
 * @param {{ dir: string, version: string }} botocore
 * @param {Record<string, any>} documented constraints by `Structure.Member` (models/documented.json)
 */
function buildService(service, botocore, documented) {
  const unused = new Set(Object.keys(documented));
  const v3 = require(service.v3);
  const v2 = require(service.v2);
  const boto = readBotocore(join(botocore.dir, `${service.id}.json`));
  const apiVersion = boto.metadata.apiVersion;
  if (v2.metadata.apiVersion !== apiVersion) throw new Error(`${service.id}: v2 and botocore API versions differ`);

  /** @type {Record<string, any>} */
  const shapes = {};
  /** @type {Record<string, any>} */
  const errors = {};

  const deref = (ref) => (typeof ref === 'function' ? ref() : ref);

  /**
   * Converts one v3 schema reference to a shape in `shapes` and returns its name.
   * @param {any} ref v3 schema reference
   * @param {Counterpart[]} cps the same shape in botocore/v2, when they have it
   * @param {string} fallbackName name for an anonymous v3 shape that no counterpart names
   * @param {number} memberTraits trait bits carried by the member
   */
  function convert(ref, cps, fallbackName, memberTraits = 0) {
    ref = deref(ref);
    // A member with traits: [schemaRef, traits].
    if (Array.isArray(ref) && ref.length === 2) {
      const traits = typeof ref[1] === 'number' ? ref[1] : 0;
      return convert(ref[0], cps, fallbackName, memberTraits | traits);
    }
    const counterpartName = cps.map((cp) => cp.node.shapeName).find((n) => typeof n === 'string');
    let sensitive = (memberTraits & SENSITIVE_BIT) !== 0;

    if (typeof ref === 'number') {
      if (ref & MAP_MODIFIER) {
        return addMap(counterpartName ?? fallbackName, 0, ref & ~MAP_MODIFIER, cps, sensitive);
      }
      if (ref & LIST_MODIFIER) {
        return addList(counterpartName ?? fallbackName, ref & ~LIST_MODIFIER, cps, sensitive);
      }
      return addSimple(counterpartName ?? fallbackName, ref, cps, sensitive);
    }
    if (!Array.isArray(ref)) throw new Error(`${service.id}: unexpected schema ${String(ref)} at ${fallbackName}`);
    const [tag, , name, traits] = ref;
    if (typeof traits === 'number' && traits & SENSITIVE_BIT) sensitive = true;
    switch (tag) {
      case 0: // named simple schema (carries traits such as sensitive)
        return addSimple(counterpartName ?? fallbackName, ref[4], cps, sensitive);
      case 1:
        return addList(name, ref[4], cps, sensitive);
      case 2:
        return addMap(name, ref[4], ref[5], cps, sensitive);
      case 3:
      case 4: // union: on the wire a structure with exactly one member set
        return addStructure(ref, cps, sensitive);
      default:
        throw new Error(`${service.id}: unsupported schema tag ${tag} for ${name}`);
    }
  }

  function addSimple(name, type, cps, sensitive) {
    const kind = SIMPLE[type];
    if (!kind) throw new Error(`${service.id}: unsupported simple type ${type} at ${name}`);
    /** @type {any} */
    let shape;
    if (kind === 'numeric') {
      const t = firstDefined(cps, 'type');
      shape = { type: ['integer', 'long', 'float', 'double'].includes(t) ? t : 'double' };
    } else {
      shape = { type: kind };
    }
    if (kind === 'string' || kind === 'numeric' || kind === 'blob') {
      for (const key of ['min', 'max']) {
        const v = firstDefined(cps, key);
        if (typeof v === 'number') shape[key] = v;
      }
    }
    if (kind === 'string') {
      const pattern = firstDefined(cps, 'pattern');
      if (typeof pattern === 'string') shape.pattern = pattern;
      const values = firstDefined(cps, 'enum');
      if (Array.isArray(values)) shape.enum = values.map(String);
    }
    if (sensitive || firstDefined(cps, 'sensitive') === true) shape.sensitive = true;
    return put(name, shape);
  }

  function addList(name, memberRef, cps, sensitive) {
    if (shapes[name]) return name;
    shapes[name] = { type: 'list', member: '' }; // INVARIANT: reserved before recursion, filled below
    const memberCps = cps.map((cp) => counterpart(cp.src, cp.node.member)).filter(Boolean);
    const member = convert(memberRef, memberCps, `${name}Member`);
    /** @type {any} */
    const shape = { type: 'list', member };
    const memberName = firstDefined(cps.map((cp) => ({ src: cp.src, node: cp.node.member ?? {} })), 'locationName');
    if (typeof memberName === 'string' && memberName !== 'member') shape.memberName = memberName;
    if (firstDefined(cps, 'flattened') === true) shape.flattened = true;
    for (const key of ['min', 'max']) {
      const v = firstDefined(cps, key);
      if (typeof v === 'number') shape[key] = v;
    }
    if (sensitive) shape.sensitive = true;
    shapes[name] = shape;
    return name;
  }

  function addMap(name, keyRef, valueRef, cps, sensitive) {
    if (shapes[name]) return name;
    shapes[name] = { type: 'map', key: '', value: '' }; // INVARIANT: reserved before recursion, filled below
    const keyCps = cps.map((cp) => counterpart(cp.src, cp.node.key)).filter(Boolean);
    const valueCps = cps.map((cp) => counterpart(cp.src, cp.node.value)).filter(Boolean);
    /** @type {any} */
    const shape = {
      type: 'map',
      key: convert(keyRef, keyCps, `${name}Key`),
      value: convert(valueRef, valueCps, `${name}Value`),
    };
    const keyName = firstDefined(cps.map((cp) => ({ src: cp.src, node: cp.node.key ?? {} })), 'locationName');
    const valueName = firstDefined(cps.map((cp) => ({ src: cp.src, node: cp.node.value ?? {} })), 'locationName');
    if (typeof keyName === 'string' && keyName !== 'key') shape.keyName = keyName;
    if (typeof valueName === 'string' && valueName !== 'value') shape.valueName = valueName;
    if (firstDefined(cps, 'flattened') === true) shape.flattened = true;
    for (const key of ['min', 'max']) {
      const v = firstDefined(cps, key);
      if (typeof v === 'number') shape[key] = v;
    }
    if (sensitive) shape.sensitive = true;
    shapes[name] = shape;
    return name;
  }

  function addStructure(ref, cps, sensitive) {
    const [, , name, traits, memberNames, memberRefs, requiredCount] = ref;
    if (shapes[name]) return name;
    shapes[name] = { type: 'structure', members: {}, required: [] }; // INVARIANT: reserved before recursion
    // Prefer the named botocore structure; v2 inlines its structures, so it only matches through the path.
    const structCps = [...(boto.shapes[name] ? [{ src: boto, node: boto.shapes[name] }] : []), ...cps].filter(
      (cp, i, all) => all.findIndex((o) => o.node === cp.node) === i,
    );
    const declared = structCps.map((cp) => Object.keys(cp.node.members ?? {})).find((keys) => keys.length > 0) ?? [];
    const order = [...memberNames].sort((a, b) => rank(declared, a) - rank(declared, b));
    /** @type {Record<string, any>} */
    const members = {};
    for (const member of order) {
      const index = memberNames.indexOf(member);
      const memberCps = structCps.map((cp) => counterpart(cp.src, cp.node.members?.[member])).filter(Boolean);
      const doc = documented[`${name}.${member}`];
      if (doc !== undefined) {
        unused.delete(`${name}.${member}`);
        // Last: the descriptions AWS publishes win wherever they already carry the constraint.
        memberCps.push({ src: { shapes: {} }, node: doc });
      }
      const shapeName = convert(memberRefs[index], memberCps, `${name}${member}`);
      /** @type {any} */
      const entry = { shape: shapeName };
      const xmlName = firstDefined(memberCps, 'locationName');
      if (typeof xmlName === 'string' && xmlName !== member) entry.xmlName = xmlName;
      members[member] = entry;
    }
    /** @type {any} */
    const shape = { type: 'structure', members, required: memberNames.slice(0, requiredCount ?? 0) };
    if (ref[0] === 4) shape.union = true;
    if (sensitive || (typeof traits === 'number' && traits & SENSITIVE_BIT)) shape.sensitive = true;
    shapes[name] = shape;
    return name;
  }

  function put(name, shape) {
    const existing = shapes[name];
    if (existing && JSON.stringify(existing) !== JSON.stringify(shape)) {
      // Two v3 usages resolved to one counterpart name with different content: keep both, distinctly named.
      let i = 2;
      while (shapes[`${name}${i}`] && JSON.stringify(shapes[`${name}${i}`]) !== JSON.stringify(shape)) i++;
      shapes[`${name}${i}`] = shape;
      return `${name}${i}`;
    }
    shapes[name] = shape;
    return name;
  }

  // Errors: every error schema the v3 client registers, with the wire code AWS sends.
  for (const value of Object.values(v3)) {
    if (!Array.isArray(value) || value[0] !== -3) continue;
    const [, namespace, name, traits] = value;
    // The client's base exception lives in a synthetic namespace; AWS never sends it as a code.
    if (String(namespace).startsWith('smithy.ts.sdk.synthetic.')) continue;
    const queryError = traits.awsQueryError;
    const code = Array.isArray(queryError) ? String(queryError[0]) : name;
    const fault = traits.error;
    const httpStatus = Array.isArray(queryError) ? queryError[1] : traits.httpError ?? (fault === 'server' ? 500 : 400);
    errors[code] = { code, shape: name, httpStatus, senderFault: fault !== 'server' };
  }
  const codeOfShape = Object.fromEntries(Object.values(errors).map((e) => [e.shape, e.code]));

  /** @type {Record<string, any>} */
  const operations = {};
  const v3Operations = Object.values(v3)
    .filter((value) => Array.isArray(value) && value[0] === 9)
    .sort((a, b) => String(a[2]).localeCompare(String(b[2])));
  for (const op of v3Operations) {
    const name = op[2];
    const botoOp = boto.operations[name];
    const v2Op = v2.operations[name];
    /** @type {any} */
    const entry = { name };
    const input = deref(op[4]);
    if (input !== 'unit') {
      const cps = [counterpart(boto, botoOp?.input), counterpart(v2, v2Op?.input)].filter(Boolean);
      entry.input = convert(input, cps, `${name}Request`);
    }
    const output = deref(op[5]);
    if (output !== 'unit') {
      const cps = [counterpart(boto, botoOp?.output), counterpart(v2, v2Op?.output)].filter(Boolean);
      entry.output = convert(output, cps, `${name}Response`);
      // The v3 protocol reads `${operation}Result`; the models agree wherever they name it.
      entry.resultWrapper = v2Op?.output?.resultWrapper ?? botoOp?.output?.resultWrapper ?? `${name}Result`;
    }
    entry.errors = (botoOp?.errors ?? v2Op?.errors ?? [])
      .map((e) => codeOfShape[e.shape])
      .filter((code) => typeof code === 'string');
    operations[name] = entry;
  }

  if (unused.size > 0) throw new Error(`${service.id}: models/documented.json names members the model lacks: ${[...unused].join(', ')}`);
  const xmlNamespace = v2.metadata.xmlNamespace ?? boto.metadata.xmlNamespace;
  if (typeof xmlNamespace !== 'string') throw new Error(`${service.id}: no XML namespace`);
  return {
    formatVersion: 1,
    service: service.id,
    apiVersion,
    xmlNamespace,
    sources: {
      [service.v3]: packageVersion(service.v3),
      'aws-sdk': packageVersion('aws-sdk'),
      botocore: botocore.version,
    },
    operations,
    shapes: Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => a.localeCompare(b))),
    errors,
  };
}

/** @param {string[]} declared @param {string} name */
function rank(declared, name) {
  const i = declared.indexOf(name);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

main();
