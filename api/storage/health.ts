import type { Database } from './engine/database.js';

export async function databaseAnswers(db: Database): Promise<boolean> {
  try {
    return (await db.get('SELECT 1 AS ok'))?.ok === 1;
  } catch {
    return false;
  }
}
