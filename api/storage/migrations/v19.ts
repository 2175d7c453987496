// Spoken languages (SPEC §15): a person's default and each session's own, fixed at booking, as a
// sorted JSON array of ISO 639-1 codes; '[]' names none (any language). The pairing rule's SQL
// looks for each of the seeker's few codes in the stored text (storage/languages-column.ts), so no
// index is needed.
// Languages are part of the user a token signs in (credential-cache.ts): changing them bumps the
// generation like the other settings, by a trigger of its own so v12's stays as shipped; only a
// real change does, as a PATCH that names other settings also sets the languages it was given.
export const version = 19;

export const statements: string[] = [
  `ALTER TABLE users ADD COLUMN languages TEXT NOT NULL DEFAULT '[]'`,
  `ALTER TABLE sessions ADD COLUMN languages TEXT NOT NULL DEFAULT '[]'`,
  `CREATE TRIGGER users_languages_change_credentials AFTER UPDATE OF languages ON users
       WHEN OLD.languages IS NOT NEW.languages
       BEGIN UPDATE credential_changes SET generation = generation + 1 WHERE id = 1; END`,
];
