/**
 * Errors a client can act on, rendered as RFC 9457 problem documents.
 * Anything thrown that is not a Problem is our fault and becomes a bare 500.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class Problem extends Error {
  #body: string | undefined;

  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    // An answer, not a fault: nothing ever shows its stack, and capturing one was most of the cost
    // of a refusal (~4 µs, on every 404 of `GET /v1/sessions/next` for someone with none ahead).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail);
    Error.stackTraceLimit = stackTraceLimit;
  }

  toJSON(): Record<string, unknown> {
    return { type: `urn:cowork:problem:${this.slug}`, title: this.title, status: this.status, detail: this.detail, ...this.extra };
  }

  /** The document as sent: a refusal built once (the 404 of `next`, the 401s) is serialised once. */
  get body(): string {
    return (this.#body ??= JSON.stringify(this));
  }
}

export const invalidInput = (detail: string, errors: FieldError[]) =>
  new Problem(400, 'invalid-input', 'Invalid input', detail, { errors });

export const unauthorized = (detail: string) =>
  new Problem(401, 'unauthorized', 'Not authenticated', detail, {}, { 'WWW-Authenticate': 'Bearer' });

export const notFound = (what: string) => new Problem(404, 'not-found', 'Not found', `${what} does not exist or is not yours.`);

export const conflict = (slug: string, title: string, detail: string, extra: Record<string, unknown> = {}) =>
  new Problem(409, slug, title, detail, extra);

export const unprocessable = (slug: string, title: string, detail: string, extra: Record<string, unknown> = {}) =>
  new Problem(422, slug, title, detail, extra);

/** Favourites, blocks and "book with" only ever name someone the caller has been paired with (SPEC §7). */
export const notAPartner = (userId: string, rule: string) =>
  new Problem(404, 'not-a-partner', 'Not a partner', `${userId} is not someone you have been paired with; ${rule}. \`GET /v1/partners\` lists them.`);

/** "Book with" names only a partner of a session that has begun (SPEC §11), not one met only in sessions ahead. */
export const notMetYet = (name: string) =>
  new Problem(404, 'not-a-partner', 'Not a partner', `${name} has been your partner only in sessions still ahead; a booking can name only a past partner, one of a session that has begun.`);
