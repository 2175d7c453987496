// A person's name is on their partners' calendar events (SPEC §9): a rename, or "a former member"
// after a deletion, is a change those feeds show, so it bumps the partners' sessions' version
// (SEQUENCE) as v9's triggers do for a partner's task, whichever code renames. And deleted
// routines lose their task, which nothing shows any more.
export const version = 11;

export const statements: string[] = [
  `CREATE TRIGGER users_name_shown_to_partners AFTER UPDATE OF name ON users
       WHEN OLD.name IS NOT NEW.name
       BEGIN
         UPDATE sessions SET version = version + 1
         WHERE pair_id IN (SELECT pair_id FROM sessions WHERE user_id = NEW.id AND pair_id IS NOT NULL) AND user_id <> NEW.id;
       END`,
  // A deleted routine keeps no task from now on (nothing shows it), so deleting an account finds
  // every task to clear through the index of live routines.
  `UPDATE routines SET task = NULL WHERE deleted_at IS NOT NULL`,
];
