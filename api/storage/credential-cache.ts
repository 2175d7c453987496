import type { Database } from './engine/database.js';

/**
 * Who a token hash signs in, kept between requests so that an authenticated request does not read
 * its credential from the database each time (a join of ~15 µs of a `next` read's ~70).
 *
 * It stays correct across processes sharing the file: every change that could alter a kept answer
 * (a token revoked, a person renamed, suspended, deleted, their matching settings changed) bumps
 * `credential_changes.generation` by trigger (migration v12), in the transaction that makes it,
 * whichever process commits. The generation is read again at most once per turn of the event loop,
 * and after each commit of this process, so a revocation holds for every request that starts after
 * it committed, as it did when each request read its credential.
 */
export class CredentialCache<Entry> {
  readonly #entries = new Map<string, Entry>();
  #generation: number | undefined;
  /** This turn's reading of the generation, shared by every request of the turn. */
  #check: Promise<void> | undefined;
  #checkedAfterCommits = -1;

  constructor(private readonly maxEntries: number) {}

  /** The kept entry for `key`, or whatever `load` reads (kept only when found). */
  async get(db: Database, key: string, load: () => Promise<Entry | undefined>): Promise<Entry | undefined> {
    await this.#revalidate(db);
    const kept = this.#entries.get(key);
    if (kept !== undefined) return kept;
    const generation = this.#generation;
    const loaded = await load();
    // A change committed while loading would make this answer stale before it is kept.
    if (loaded === undefined || generation !== this.#generation) return loaded;
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, loaded);
    return loaded;
  }

  #revalidate(db: Database): Promise<void> {
    const commits = db.commits.batches;
    if (this.#check && this.#checkedAfterCommits === commits) return this.#check;
    this.#checkedAfterCommits = commits;
    const check = this.#readGeneration(db).catch((error: unknown) => {
      if (this.#check === check) this.#check = undefined;
      throw error;
    });
    this.#check = check;
    setImmediate(() => {
      if (this.#check === check) this.#check = undefined;
    });
    return check;
  }

  async #readGeneration(db: Database): Promise<void> {
    const generation = Number((await db.get(CURRENT_GENERATION))?.generation);
    if (generation !== this.#generation) {
      this.#entries.clear();
      this.#generation = generation;
    }
  }
}

const CURRENT_GENERATION = 'SELECT generation FROM credential_changes WHERE id = 1';
