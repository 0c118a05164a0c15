import fc from 'fast-check';

/**
 * A small JSON Schema (the OpenAPI 3.0 dialect @fastify/swagger writes) → fast-check builder,
 * for the API fuzz test: values that follow a schema, values that break it in one place, and
 * query-string renderings of both.
 */

/** A JSON Schema object of an OpenAPI document (loosely typed: the document is read at run time). */
export type Schema = { [key: string]: unknown };

/** An OpenAPI document, as far as the builder reads it. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  $ref?: string;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
  security?: unknown[];
}

export interface BuilderOptions {
  /** Values worth trying for a property or parameter of this name (real ids of the fixtures). */
  hints?: Record<string, readonly unknown[]>;
  /** Longest array generated "within the schema" (arrays may allow 10 000 items). */
  maxArray?: number;
  /** Longest string generated "within the schema". */
  maxString?: number;
}

/** Resolves a `$ref` (`#/components/schemas/X`, `#/components/parameters/limit`) in the document. */
export function resolveRef<T>(document: OpenApiDocument, value: T): T {
  let current = value as unknown as { $ref?: string };
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 32; hops++) {
    const path = current.$ref!.replace(/^#\//, '').split('/');
    let target: unknown = document;
    for (const part of path) target = (target as Record<string, unknown> | undefined)?.[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))];
    if (target === undefined) throw new Error(`unresolved $ref ${current.$ref}`);
    current = target as { $ref?: string };
  }
  return current as unknown as T;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const types = (schema: Schema): string[] => (Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : []);

/** Strings that upset parsers and id lookups: unicode, controls, percent signs, very long ones. */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', ' ', '%zz', '%', '%00', '%2F', '..', '.', '__proto__', 'constructor', 'null', '0', '-1', 'NaN', 'Infinity', '1e309',
    '😀', 'Ω≈ç√', 'é'.normalize('NFD'), '\u0000', '\u202e', 'a'.repeat(201), 'x'.repeat(5_000), '\n\r\t', '<script>', '{"a":1}', 'S-040'),
);

/**
 * Builds arbitraries from the schemas of one OpenAPI document.
 *
 * @example
 * const build = new SchemaArbitraries(document, { hints: { headend: ['HE-AMIENS'] } });
 * fc.sample(build.valid({ type: 'integer', minimum: 1, maximum: 50 }), 3); // [1, 50, 17]
 */
export class SchemaArbitraries {
  private readonly maxArray: number;
  private readonly maxString: number;

  constructor(private readonly document: OpenApiDocument, private readonly options: BuilderOptions = {}) {
    this.maxArray = options.maxArray ?? 4;
    this.maxString = options.maxString ?? 16;
  }

  resolve(schema: Schema | undefined): Schema {
    return resolveRef(this.document, schema ?? {});
  }

  /** A value that the schema accepts (as far as JSON Schema says: refinements such as closed rings are not in it). */
  valid(schemaIn: Schema | undefined, name?: string, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(schemaIn);
    const hinted = name && this.options.hints?.[name];
    const own = this.validOwn(schema, depth);
    if (hinted && hinted.length > 0) return fc.oneof({ arbitrary: fc.constantFrom(...hinted), weight: 2 }, { arbitrary: own, weight: 1 });
    return own;
  }

  private validOwn(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
    if (alternatives) return fc.oneof(...alternatives.map((s) => this.valid(s, undefined, depth + 1)));
    if (Array.isArray(schema.allOf)) return this.valid((schema.allOf as Schema[])[0], undefined, depth + 1);
    const nullable = schema.nullable === true;
    const base = this.validOfType(schema, depth);
    return nullable ? fc.option(base, { nil: null, freq: 5 }) : base;
  }

  private validOfType(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    if ('const' in schema) return fc.constant(schema.const);
    const [type] = types(schema);
    switch (type) {
      case 'integer':
      case 'number': {
        const integer = type === 'integer';
        const exclusive = schema.exclusiveMinimum === true;
        const min = num(schema.minimum) ?? (integer ? -1_000_000 : -1e6);
        const max = num(schema.maximum) ?? (integer ? 1_000_000 : 1e6);
        const low = exclusive ? (integer ? min + 1 : min + Math.max(1e-9, Math.abs(min) * 1e-9)) : min;
        if (integer) {
          // Boundary values most of the time: few distinct requests, so the workers' caches answer the rest.
          return fc.oneof({ arbitrary: fc.constantFrom(low, max, Math.round((low + max) / 2)), weight: 3 }, { arbitrary: fc.integer({ min: low, max }), weight: 1 });
        }
        return fc.oneof({ arbitrary: fc.constantFrom(low, max, (low + max) / 2), weight: 3 }, { arbitrary: fc.double({ min: low, max, noNaN: true, noDefaultInfinity: true }), weight: 1 });
      }
      case 'boolean':
        return fc.boolean();
      case 'string': {
        const minLength = num(schema.minLength) ?? 0;
        const maxLength = Math.min(num(schema.maxLength) ?? this.maxString, Math.max(minLength, this.maxString));
        const exact = num(schema.maxLength);
        const pieces: fc.Arbitrary<string>[] = [fc.string({ minLength, maxLength })];
        if (exact !== undefined && exact <= 10_000) pieces.push(fc.constant('a'.repeat(exact)));
        if (minLength > 0) pieces.push(fc.constant('b'.repeat(minLength)));
        return fc.oneof(...pieces);
      }
      case 'array': {
        const minItems = num(schema.minItems) ?? 0;
        const maxItems = Math.max(minItems, Math.min(num(schema.maxItems) ?? this.maxArray, this.maxArray));
        if (depth > 6) return fc.constant([]);
        return fc.array(this.valid(schema.items as Schema, undefined, depth + 1), { minLength: minItems, maxLength: maxItems });
      }
      case 'object':
        return this.validObject(schema, depth);
      default:
        if (schema.properties) return this.validObject(schema, depth);
        return depth > 4 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
    }
  }

  private validObject(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required ?? []) as string[]);
    if (depth > 6) return fc.constant({});
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, value] of Object.entries(properties)) record[key] = this.valid(value, key, depth + 1);
    const keys = Object.keys(record);
    if (keys.length === 0) return fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
    return fc.record(record, { requiredKeys: keys.filter((k) => required.has(k)) });
  }

  /** A value that breaks the schema at its top: a wrong type, out of its bounds, too long, too many items. */
  invalid(schemaIn: Schema | undefined, name?: string): fc.Arbitrary<unknown> {
    const schema = this.resolve(schemaIn);
    const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
    const wrongTypes = fc.constantFrom<unknown>(null, true, 0, -1, 1.5, 'text', '', [], {}, [null], { a: 1 }, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2);
    if (alternatives) return fc.oneof(wrongTypes, ...alternatives.map((s) => this.invalid(s, name)));
    if (Array.isArray(schema.enum)) {
      return fc.oneof(wrongTypes, fc.constantFrom(...(schema.enum as unknown[]).map((v) => (typeof v === 'string' ? v.toUpperCase() : String(v)))), nastyString);
    }
    const [type] = types(schema);
    switch (type) {
      case 'integer':
      case 'number': {
        const min = num(schema.minimum);
        const max = num(schema.maximum);
        const out: unknown[] = ['12', 'NaN', null, true, [1], { value: 1 }, 1e308, -1e308, 1e21, -0.000001];
        if (min !== undefined) out.push(schema.exclusiveMinimum === true ? min : min - 1, min - 1e9);
        if (max !== undefined) out.push(max + 1, max * 1000 + 1, 1e7 * Math.max(1, max));
        if (type === 'integer') out.push(1.5, (min ?? 0) + 0.25);
        return fc.constantFrom(...out);
      }
      case 'boolean':
        return fc.constantFrom<unknown>('yes', 'TRUE', 2, -1, null, [], {}, 'true');
      case 'string': {
        const maxLength = num(schema.maxLength);
        const minLength = num(schema.minLength);
        const out: fc.Arbitrary<unknown>[] = [fc.constantFrom<unknown>(null, 42, true, [], {}, ['a'])];
        if (maxLength !== undefined) out.push(fc.constant('z'.repeat(maxLength + 1)), fc.constant('é'.repeat(maxLength + 1)));
        if (minLength !== undefined && minLength > 0) out.push(fc.constant(''));
        out.push(fc.constant('q'.repeat(100_000)));
        return fc.oneof(...out);
      }
      case 'array': {
        const maxItems = num(schema.maxItems);
        const minItems = num(schema.minItems);
        const out: fc.Arbitrary<unknown>[] = [fc.constantFrom<unknown>('not-an-array', 7, null, { 0: 'a' }, [null], [[[]]], [{}], [1e308])];
        if (maxItems !== undefined && maxItems <= 100_000) {
          // Over the bound, with items that are valid: only the count is wrong.
          out.push(fc.constant(null).chain(() => this.valid(schema.items as Schema).map((item) => Array.from({ length: maxItems + 1 }, () => item))));
        }
        if (minItems !== undefined && minItems > 0) out.push(fc.constant([]), fc.constant(minItems > 1 ? [this.sampleOf(schema.items as Schema)] : []));
        out.push(fc.constant(null).chain(() => this.valid(schema.items as Schema).chain((item) => this.invalid(schema.items as Schema).map((bad) => [item, bad]))));
        return fc.oneof(...out);
      }
      default: // objects, and schemas without a type
        return fc.oneof(
          fc.constantFrom<unknown>(null, 'object', 12, [], [{}], true),
          this.mutatedObject(schema),
        );
    }
  }

  /** One valid sample (deterministic: the first of a seeded sample). */
  sampleOf(schema: Schema): unknown {
    return fc.sample(this.valid(schema), { numRuns: 1, seed: 1 })[0];
  }

  /**
   * An object of the schema broken in one place: a required field missing, an extra field, one
   * field of a wrong type or out of its bounds, or deeply nested junk in one field.
   */
  mutatedObject(schemaIn: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(schemaIn);
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const keys = Object.keys(properties);
    const required = ((schema.required ?? []) as string[]).filter((k) => k in properties);
    const base = this.valid(schema).map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as object) } : {}) as Record<string, unknown>);
    const mutations: fc.Arbitrary<unknown>[] = [
      fc.tuple(base, fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })).map(([o, k, v]) => ({ ...o, [keys.includes(k) ? `${k}_` : k]: v })),
      fc.tuple(base, fc.constantFrom(100, 1_000, 2_000)).map(([o, depth]) => ({ ...o, nested: deepArray(depth) })),
    ];
    if (required.length > 0) {
      mutations.push(fc.tuple(base, fc.constantFrom(...required)).map(([o, k]) => {
        const copy = { ...o };
        delete copy[k];
        return copy;
      }));
    }
    if (keys.length > 0) {
      mutations.push(fc.constantFrom(...keys).chain((k) => fc.tuple(base, this.invalid(properties[k], k)).map(([o, bad]) => ({ ...o, [k]: bad }))));
      mutations.push(fc.tuple(base, fc.constantFrom(...keys), fc.constantFrom(10, 200, 2_000)).map(([o, k, depth]) => ({ ...o, [k]: deepArray(depth) })));
    }
    return fc.oneof(...mutations);
  }

  /** Mostly valid, sometimes broken: what a fuzz test sends. */
  any(schema: Schema | undefined, name?: string): fc.Arbitrary<unknown> {
    return fc.oneof({ arbitrary: this.valid(schema, name), weight: 3 }, { arbitrary: this.invalid(schema, name), weight: 2 });
  }

  /**
   * A query parameter as it travels: absent, one text value, or repeated (an array of texts);
   * valid values rendered as a client would, invalid ones as anything a client could type.
   */
  queryValue(parameterIn: Parameter): fc.Arbitrary<string | string[] | undefined> {
    const parameter = resolveRef(this.document, parameterIn);
    const schema = this.resolve(parameter.schema);
    const [type] = types(schema);
    const asText = (v: unknown): string | string[] | undefined => {
      if (v === undefined) return undefined;
      if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'Infinity';
      return JSON.stringify(v);
    };
    const numberTexts = fc.constantFrom('', ' ', 'abc', '1e400', '-1e400', '0x10', '1_000', '١٢', '+5', ' 7 ', '1e3', '99999999999999999999999', '-0', '1.', '.5', 'NaN', 'Infinity', '1,2');
    const validText = type === 'boolean'
      ? fc.constantFrom('true', 'false', '1', '0', '')
      : type === 'array' && schema.minItems === 4 && (schema.items as Schema | undefined)?.type === 'number'
        ? fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }))
          .map((box) => box.map((n) => n.toFixed(3)).join(','))
        : this.valid(schema, parameter.name).map(asText);
    const invalidText = type === 'array' && schema.minItems === 4
      ? fc.constantFrom('1,2,3', '1,2,3,4,5', 'a,b,c,d', '-200,0,0,0', '0,100,0,0', '0,10,1,5', '1,,2,3', 'x'.repeat(300), '1e999,0,1,1')
      : fc.oneof(this.invalid(schema, parameter.name).map(asText), type === 'number' || type === 'integer' ? numberTexts : nastyString);
    const repeated = fc.array(fc.oneof(fc.string({ maxLength: 6 }), nastyString), { minLength: 2, maxLength: 4 });
    return fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      { arbitrary: validText, weight: 4 },
      { arbitrary: invalidText, weight: 2 },
      { arbitrary: repeated, weight: 1 },
    );
  }
}

/** `[[[…]]]` nested `depth` times (built iteratively: no recursion here). */
export function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** The text of `[[[…]]]` nested `depth` times, for bodies: cheaper than building the value. */
export const deepArrayText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A query string of parameters (each absent, one value, or repeated), with raw pieces (`%zz`) appended as they are. */
export function queryString(values: Record<string, string | string[] | undefined>, raw: readonly string[] = []): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  }
  const text = [params.toString(), ...raw].filter(Boolean).join('&');
  return text ? `?${text}` : '';
}
