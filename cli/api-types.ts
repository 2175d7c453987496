/** The API's objects as the CLI receives them (SPEC §3); printed unchanged by --json. */
// Type-only: erased at compile time, so the CLI loads nothing of the server.
import type { Routine } from '../api/storage/routines.js';
import type { Session } from '../api/storage/session-rows.js';
import type { User } from '../api/storage/users.js';
import type { OpenSlot } from '../api/storage/open-slots.js';
import type { Partner, PersonRef, SettingsChange } from '../api/storage/preferences.js';
import type { Activity } from '../api/domain/compatibility.js';
import type { Delivery, Webhook } from '../api/storage/webhooks.js';

export type { Activity, Delivery, OpenSlot, Partner, PersonRef, Routine, Session, SettingsChange, User, Webhook };

export interface CreatedWebhook extends Webhook {
  /** Signs every delivery; the API shows it only once. */
  secret: string;
}

export interface BookingBody {
  start: string;
  duration: number;
  task?: string;
  activity?: Activity;
  quiet?: boolean;
  partnerId?: string;
}

export interface SessionPage {
  data: Session[];
  nextCursor: string | null;
}

export interface Credentials {
  user: User;
  token: string;
}

export interface JoinLink {
  url: string;
  expiresAt: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  /** The times a refusal mentions (SPEC §11), RFC 3339 in UTC. */
  earliestStart?: string;
  latestStart?: string;
  latestEnd?: string;
  startedAt?: string;
  endedAt?: string;
  opensAt?: string;
  closesAt?: string;
  retryAt?: string;
  conflictingSession?: { id: string; start: string; end: string };
  /** The low-score booking limit: the score it found and the sessions it allows. */
  score?: number;
  maxUpcoming?: number;
  /** Why an account is suspended (account-suspended). */
  reason?: string;
}

/** `GET /v1/me/stats` (SPEC §8). */
export interface Stats {
  completed: number;
  minutesFocused: number;
  weeks: { weekOf: string; sessions: number; minutes: number }[];
  streak: { current: number; longest: number };
  score: number | null;
  scoredSessions: number;
  noShows: number;
  lateCancels: number;
}

export interface ReportReceipt {
  id: string;
  createdAt: string;
  blocked: boolean;
}

export interface Report {
  id: string;
  reason: 'no-show' | 'inappropriate' | 'other';
  note: string | null;
  createdAt: string;
  reporter: { id: string; name: string; email: string };
  reported: { id: string; name: string; email: string; suspended: boolean };
  session: { id: string; start: string; duration: number };
}

export interface ReportPage {
  data: Report[];
  nextCursor: string | null;
}

export interface Suspension {
  userId: string;
  reason: string;
  since: string;
}

export interface Invite {
  code: string;
  expiresAt: string;
}

/** GET /v1/server: what anyone may know before signing up. */
export interface ServerSettings {
  signup: 'open' | 'invite';
  /** Absent from servers older than mail (SPEC §14). */
  mail?: boolean;
}

/** `GET /v1/me/mail` (SPEC §14): the address, its verification, the notices asked for; `mail` false when the server sends none. */
export interface MailSettings {
  mail: boolean;
  email: string;
  verified: boolean;
  pendingEmail: string | null;
  reminderMinutes: number | null;
  matches: boolean;
}
