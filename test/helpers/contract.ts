import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Checks answers against the API's own `/openapi.json`: the status is one the route declares, the
 * content type one declared for that status, the body matches the declared schema (JSON Schema
 * 2020-12) and declared headers are present. Test helpers run every answer they receive through
 * it, so the document cannot drift from what the server says.
 */
export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

interface MediaType { schema?: unknown }
interface HeaderSpec { required?: boolean; $ref?: string }
interface ResponseSpec { content?: Record<string, MediaType>; headers?: Record<string, HeaderSpec> }
interface Operation { responses: Record<string, ResponseSpec> }
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown>; headers?: Record<string, HeaderSpec> };
}

// ajv-formats is CommonJS with a default export; under NodeNext its callable sits on `default`.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const DOCUMENT_ID = 'openapi.json';
const pointer = (...segments: string[]) =>
  `${DOCUMENT_ID}#/${segments.map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/')}`;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const essence = (contentType: string | null) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

export class ContractChecker {
  readonly #document: OpenApiDocument;
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly #validators = new Map<string, ValidateFunction>();
  // Literal paths first, so /v1/sessions/next is not taken for /v1/sessions/{id}.
  readonly #templates: { template: string; pattern: RegExp }[];

  constructor(document: OpenApiDocument) {
    this.#document = document;
    addFormats(this.#ajv);
    this.#ajv.addSchema(document as object, DOCUMENT_ID);
    this.#templates = Object.keys(document.paths)
      .sort((a, b) => a.split('{').length - b.split('{').length)
      .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
    // Compiling every declared schema up front makes a dangling $ref fail here, not in some later test.
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, spec] of Object.entries(operation.responses ?? {})) {
          for (const [mediaType, media] of Object.entries(spec.content ?? {})) {
            if (media.schema) this.#validator(template, method, status, mediaType);
          }
        }
      }
    }
  }

  /** Throws a ContractViolation naming the route and what is wrong; reads a clone of `response`. */
  async check(method: string, url: string, response: Response): Promise<void> {
    const path = new URL(url, 'http://contract.invalid').pathname;
    const templates = this.#templates.filter((t) => t.pattern.test(path)).map((t) => t.template);
    const template = templates.find((t) => this.#document.paths[t]?.[method.toLowerCase()]);
    const operation = template === undefined ? undefined : this.#document.paths[template]?.[method.toLowerCase()];
    const where = `${method} ${path} answered ${response.status}`;
    // A CORS preflight is answered before routing, for the origins of COWORK_CORS_ORIGINS: no operation of the document.
    if (method.toUpperCase() === 'OPTIONS' && response.status === 204 && response.headers.has('access-control-allow-methods')) return;
    const body = await response.clone().text();
    const problemSchema = () => this.#ajv.getSchema(pointer('components', 'schemas', 'Problem'))!;
    if (!template || !operation) {
      // A path declared with other methods: 405, its Allow naming them (HEAD with GET).
      const declared = new Set(templates.flatMap((t) => Object.keys(this.#document.paths[t] ?? {}).filter((m) => METHODS.includes(m)).map((m) => m.toUpperCase())));
      if (declared.has('GET')) declared.add('HEAD');
      if (declared.size > 0) {
        if (response.status !== 405) throw new ContractViolation(`${where}, but ${path} declares only ${[...declared].join(', ')} in /openapi.json: 405 expected`);
        const allow = response.headers.get('allow');
        if (allow !== [...declared].sort().join(', ')) throw new ContractViolation(`${where} with Allow "${allow}", but /openapi.json declares ${[...declared].sort().join(', ')}`);
        return this.#checkBody(where, problemSchema(), response, body);
      }
      // The server's answer to a route it does not have: a 404 problem document.
      if (response.status !== 404) throw new ContractViolation(`${where}, but no route ${method} ${path} is declared in /openapi.json`);
      return this.#checkBody(where, problemSchema(), response, body);
    }
    const status = String(response.status);
    const spec = operation.responses[status];
    if (!spec) {
      throw new ContractViolation(`${where}, a status /openapi.json does not declare for ${method.toUpperCase()} ${template} (declared: ${Object.keys(operation.responses).join(', ')})`);
    }
    for (const [name, declared] of Object.entries(spec.headers ?? {})) {
      const header = declared.$ref ? this.#document.components?.headers?.[declared.$ref.replace('#/components/headers/', '')] : declared;
      if (!header) throw new ContractViolation(`/openapi.json's ${status} of ${method.toUpperCase()} ${template} refers to a header it does not define: ${declared.$ref}`);
      if (header.required && !response.headers.has(name)) throw new ContractViolation(`${where} without the ${name} header it declares`);
    }
    if (!spec.content) {
      if (body !== '') throw new ContractViolation(`${where} with a body, but ${status} declares none: ${body.slice(0, 200)}`);
      return;
    }
    const type = essence(response.headers.get('content-type'));
    const media = Object.keys(spec.content).find((declared) => declared.toLowerCase() === type);
    if (!media) throw new ContractViolation(`${where} as "${type}", but ${status} declares ${Object.keys(spec.content).join(' or ')}`);
    if (!spec.content[media]!.schema) return;
    if (media === 'text/event-stream') return this.#checkMessages(where, this.#validator(template, method.toLowerCase(), status, media), body);
    await this.#checkBody(where, this.#validator(template, method.toLowerCase(), status, media), response, body);
  }

  #validator(template: string, method: string, status: string, mediaType: string): ValidateFunction {
    const ref = pointer('paths', template, method, 'responses', status, 'content', mediaType, 'schema');
    let validate = this.#validators.get(ref);
    if (!validate) {
      validate = this.#ajv.getSchema(ref);
      if (!validate) throw new ContractViolation(`/openapi.json has no schema at ${ref}`);
      this.#validators.set(ref, validate);
    }
    return validate;
  }

  /**
   * An event stream's schema is that of each event's `data:`; the stream's own `ready` and `reset`
   * (described in words in the document) and a message cut off when the stream closed are not events.
   */
  #checkMessages(where: string, validate: ValidateFunction, body: string): void {
    const complete = body.split(/\r?\n\r?\n/).slice(0, -1);
    for (const message of complete) {
      const lines = message.split(/\r?\n/);
      const type = lines.find((line) => line.startsWith('event:'))?.slice(6).trim();
      const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
      if (!data || type === 'ready' || type === 'reset') continue;
      if (!validate(JSON.parse(data))) {
        const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '(data)'} ${e.message}`).join('; ');
        throw new ContractViolation(`${where} with a ${type} event whose data breaks its declared schema: ${errors}\n${data.slice(0, 500)}`);
      }
    }
  }

  async #checkBody(where: string, validate: ValidateFunction, response: Response, body: string): Promise<void> {
    const isJson = /[/+]json$/.test(essence(response.headers.get('content-type')));
    let value: unknown = body;
    if (isJson) {
      try {
        value = JSON.parse(body);
      } catch {
        throw new ContractViolation(`${where} with a body that is not JSON: ${body.slice(0, 200)}`);
      }
    }
    if (!validate(value)) {
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}`).join('; ');
      throw new ContractViolation(`${where} with a body that breaks its declared schema: ${errors}\n${body.slice(0, 500)}`);
    }
    const declared = (value as { status?: unknown })?.status;
    if (essence(response.headers.get('content-type')) === 'application/problem+json' && declared !== response.status) {
      throw new ContractViolation(`${where} with a problem document whose status is ${String(declared)}`);
    }
  }
}

const checkers = new Map<string, Promise<ContractChecker>>();

/** One checker per server (keyed by base URL), built from the document that server serves. */
export function contractOf(key: string, fetchDocument: () => Promise<Response>): Promise<ContractChecker> {
  let checker = checkers.get(key);
  if (!checker) {
    checker = fetchDocument().then(async (response) => {
      if (response.status !== 200) throw new ContractViolation(`GET /openapi.json answered ${response.status}`);
      return new ContractChecker((await response.json()) as OpenApiDocument);
    });
    checkers.set(key, checker);
  }
  return checker;
}
