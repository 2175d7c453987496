import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHarness, json, snapshot, type Harness } from './harness.js';

/**
 * Every date the API reads, found in /openapi.json (a body field or a query parameter of format
 * date-time), is sent unparsable values: each must be a 400 problem document naming the field,
 * and nothing may be written. A date field added later is covered without editing this test.
 */
type Schema = Record<string, any>;
interface DateInput { method: string; path: string; where: 'body' | 'query'; field: string; body?: Schema; query: Schema[] }

const UNPARSABLE: unknown[] = [
  'abc', '', '2026-13-01', '3000-02-30T25:00', '2026-02-30T10:00:00Z', '2030-01-08T09:00:00', '2030-01-08T09:00:00+99:00',
  '+275760-09-13T00:00:00Z', '99999-01-01T00:00:00Z', 20300108, null, true, {}, [],
];
const T0 = '2030-01-07T06:00:00.000Z';
const DAY_MS = 86_400_000;

const isDateTime = (schema: Schema | undefined) => schema?.format === 'date-time';

function dateInputs(doc: Schema): DateInput[] {
  const resolve = (schema: Schema): Schema => (schema?.$ref ? resolve(doc.components.schemas[String(schema.$ref).split('/').pop()!]) : schema);
  const found: DateInput[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const [method, operation] of Object.entries<Schema>(item)) {
      const query = (operation.parameters ?? []).filter((p: Schema) => p.in === 'query');
      for (const p of query) if (isDateTime(resolve(p.schema))) found.push({ method: method.toUpperCase(), path, where: 'query', field: p.name, query });
      const body = operation.requestBody?.content?.['application/json']?.schema;
      const properties = body ? resolve(body).properties ?? {} : {};
      for (const [field, schema] of Object.entries<Schema>(properties)) {
        if (isDateTime(resolve(schema))) found.push({ method: method.toUpperCase(), path, where: 'body', field, body: resolve(body), query });
      }
    }
  }
  return found;
}

/** A value the schema takes, so that the one field under test is the only thing wrong. Dates are distinct quarter hours ahead. */
function sample(schema: Schema, dateIndex: { next: number }): unknown {
  if (schema.enum) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sample(options.find((s: Schema) => s.type !== 'null') ?? options[0], dateIndex);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  if (isDateTime(schema)) return new Date(Date.parse(T0) + ++dateIndex.next * DAY_MS).toISOString();
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return false;
  if (type === 'array') return [sample(schema.items ?? {}, dateIndex)];
  if (type === 'object') {
    const required = new Set<string>(schema.required ?? []);
    const properties = Object.entries<Schema>(schema.properties ?? {}).filter(([name, s]) => required.has(name) || isDateTime(s));
    return Object.fromEntries(properties.map(([name, s]) => [name, sample(s, dateIndex)]));
  }
  return 'x';
}

describe('unparsable dates anywhere in the API', () => {
  let h: Harness;
  let inputs: DateInput[];
  let token: string;
  const ids: Record<string, string> = {};

  before(async () => {
    h = await createHarness(T0);
    const ada = await h.signUp('Ada');
    token = ada.token;
    const routine = await json(await h.request('POST', '/v1/routines', { token, body: { days: ['mon', 'wed'], time: '09:00', duration: 50, timezone: 'UTC' } }));
    const session = await json(await h.book(token, '2030-01-09T12:00:00Z', 50));
    Object.assign(ids, { routines: routine.id, sessions: session.id });
    inputs = dateInputs(await json(await h.request('GET', '/openapi.json')));
  });
  after(() => h.close());

  /** The request of one date input with every other field valid, and `value` in the field under test (left valid when undefined). */
  function send(input: DateInput, value: unknown): Promise<Response> {
    const path = input.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[input.path.split('/')[2]!] ?? `no-such-${name}`);
    const dates = { next: 0 };
    const query: Record<string, string> = {};
    for (const p of input.query) if (p.required || isDateTime(p.schema)) query[p.name] = String(sample(p.schema, dates));
    const body = input.body ? (sample(input.body, dates) as Record<string, unknown>) : undefined;
    if (value !== undefined && input.where === 'query') query[input.field] = typeof value === 'string' ? value : JSON.stringify(value);
    if (value !== undefined && input.where === 'body') body![input.field] = value;
    const search = new URLSearchParams(query).toString();
    return h.request(input.method, `${path}${search ? `?${search}` : ''}`, { token, ...(body ? { body } : {}) });
  }

  test('the OpenAPI document names the date inputs it is known to have', () => {
    const names = inputs.map((input) => `${input.method} ${input.path} ${input.where}.${input.field}`);
    for (const known of ['POST /v1/sessions body.start', 'GET /v1/sessions query.from', 'GET /v1/slots query.to',
      'POST /v1/routines/{id}/skip body.from', 'POST /v1/routines/{id}/skip body.to', 'DELETE /v1/routines/{id}/skip query.from']) {
      assert.ok(names.includes(known), `${known} among ${names.join(', ')}`);
    }
  });

  test('each unparsable value of each date input is a 400 problem naming the field, and nothing is written', async () => {
    const before = await snapshot(h.inspect());
    let sent = 0;
    for (const input of inputs) {
      for (const value of UNPARSABLE) {
        const label = `${input.method} ${input.path} ${input.where}.${input.field} = ${JSON.stringify(value)}`;
        const answer = await send(input, value);
        assert.equal(answer.status, 400, `${label}: ${await answer.clone().text()}`);
        assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/, label);
        const problem = await json(answer);
        assert.ok(problem.errors.some((error: { path: string }) => error.path === input.field), `${label} names ${input.field}: ${JSON.stringify(problem.errors)}`);
        sent += 1;
      }
    }
    assert.ok(sent >= 6 * UNPARSABLE.length);
    assert.equal(await snapshot(h.inspect()), before, 'no row changed');
  });

  test('with a valid date in its place, each of those requests is not refused as bad input: the 400s above came from the date alone', async () => {
    for (const input of inputs) {
      const answer = await send(input, undefined);
      assert.notEqual(answer.status, 400, `${input.method} ${input.path}: ${await answer.clone().text()}`);
      assert.ok(answer.status < 500, `${input.method} ${input.path}: ${answer.status}`);
    }
  });
});
