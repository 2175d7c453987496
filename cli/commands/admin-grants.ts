import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { databaseUrl, defaultDatabasePath } from '../../api/config/config.js';
import { grantAdmin, listAdmins, revokeAdmin, type AdminGrant } from '../../api/storage/admins.js';
import { Database } from '../../api/storage/engine/database.js';
import { CliError, RefusedError, UsageError } from '../errors.js';
import { printJson, printLine, say, type GlobalOptions } from '../output.js';
import { styleFor } from '../render/style.js';
import { renderTable, widthFor } from '../render/table.js';
import { localeOf, momentWithDistance, relativeWords, type TimeWords } from '../time/words.js';
import { localZone } from '../time/zone.js';

/**
 * The operator's commands (SPEC §16): admin rights granted on the server's database, opened
 * directly as `cowork serve --db` opens it, with no server in between. A running server reads the
 * grants on each admin request, so a grant or a revoke holds from its next request.
 */

export interface AdminDatabaseOptions extends GlobalOptions {
  db?: string | undefined;
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;

const WHICH_DATABASE = 'Pass --db with the file or URL the server runs on (`cowork serve --db …`).';

/** Whether a cowork server has run on this database: opening it would otherwise write cowork's tables into it. */
async function isCoworkDatabase(url: string, authToken: string | undefined): Promise<boolean> {
  const client = createClient({ url, authToken });
  try {
    return (await client.execute(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)).rows.length > 0;
  } finally {
    client.close();
  }
}

/**
 * Opens the database `serve` would open with the same --db or COWORK_DB_URL (and brings its schema
 * up to date as serve does), but only one a server has made: never a new file, never another one.
 */
async function openServerDatabase(options: AdminDatabaseOptions): Promise<Database> {
  const url = databaseUrl(options.db ?? process.env.COWORK_DB_URL ?? defaultDatabasePath(process.env));
  const authToken = process.env.COWORK_DB_AUTH_TOKEN || undefined;
  if (url.startsWith('file:') && !existsSync(fileURLToPath(url))) throw new UsageError(`There is no database at ${fileURLToPath(url)}.`, WHICH_DATABASE);
  try {
    if (!(await isCoworkDatabase(url, authToken))) throw new UsageError(`The database at ${url} is not a cowork server's.`, WHICH_DATABASE);
    return await Database.open({ url, authToken });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Cannot open the database at ${url}: ${(error as Error).message}`);
  }
}

async function withDatabase<T>(options: AdminDatabaseOptions, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openServerDatabase(options);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

function checkedEmail(email: string): string {
  const trimmed = email.trim();
  if (!EMAIL.test(trimmed)) throw new UsageError(`"${email}" is not an email address.`, 'Name the account by the email it signed up with.');
  return trimmed;
}

/** Who runs the grant, as this machine knows them, kept with it. */
function operator(): string {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return `${name}@${hostname()}`;
}

const timeWords = (): TimeWords => ({ now: new Date(), timeZone: localZone(), locale: localeOf() });

const noAccount = (email: string) =>
  new UsageError(`No account has the email ${email}.`, 'They sign up first (`cowork signup`), then you grant; `cowork admin list --db …` shows the admins.');

export async function adminGrant(email: string, options: AdminDatabaseOptions): Promise<void> {
  const address = checkedEmail(email);
  const outcome = await withDatabase(options, (db) => grantAdmin(db, address, operator(), new Date()));
  if (!outcome) throw noAccount(address);
  const { grant, already } = outcome;
  if (options.json) printJson(grant);
  say(already
    ? `${grant.name} <${grant.email}> is already an admin (granted ${momentWithDistance(new Date(grant.grantedAt), timeWords())} by ${grant.grantedBy}); nothing changed.`
    : `${grant.name} <${grant.email}> is an admin from their next request.`);
}

export async function adminRevoke(email: string, options: AdminDatabaseOptions): Promise<void> {
  const address = checkedEmail(email);
  const outcome = await withDatabase(options, (db) => revokeAdmin(db, address));
  if (outcome === 'no-account') throw noAccount(address);
  if (outcome === 'not-admin') throw new RefusedError(`${address} is not an admin; nothing changed.`, '`cowork admin list --db …` shows the admins.');
  say(`${outcome.name} <${outcome.email}> is no longer an admin, from their next request.`);
}

function renderGrants(grants: AdminGrant[], options: GlobalOptions): string {
  const words = timeWords();
  const style = styleFor(process.stdout, options.color);
  return renderTable([
    { header: 'NAME', cells: grants.map((grant) => grant.name) },
    { header: 'EMAIL', cells: grants.map((grant) => grant.email) },
    { header: 'GRANTED', cells: grants.map((grant) => relativeWords(new Date(grant.grantedAt), words)) },
    { header: 'BY', cells: grants.map((grant) => grant.grantedBy), give: { order: 0, drop: true } },
    { header: 'ID', cells: grants.map((grant) => grant.id), paint: (text) => style.dim(text), give: { order: 1, drop: true } },
  ], widthFor(process.stdout), (text) => style.bold(text));
}

export async function adminList(options: AdminDatabaseOptions): Promise<void> {
  const grants = await withDatabase(options, listAdmins);
  if (options.json) return printJson(grants);
  if (grants.length === 0) return say('No admins yet; grant one with `cowork admin grant <email> --db <path|url>`.');
  printLine(renderGrants(grants, options));
}
