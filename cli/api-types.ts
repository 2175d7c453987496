/** The API's objects as the CLI receives them (SPEC §3); printed unchanged by --json. */
// Type-only: erased at compile time, so the CLI loads nothing of the server.
import type { Routine } from '../api/storage/routines.js';
import type { Session } from '../api/storage/session-rows.js';
import type { User } from '../api/storage/users.js';
import type { OpenSlot } from '../api/storage/open-slots.js';
import type { Partner, PersonRef, SettingsChange } from '../api/storage/preferences.js';
import type { Activity } from '../api/domain/compatibility.js';
import type { Delivery, Webhook } from '../api/storage/webhooks.js';
import type { BusyCalendar } from '../api/storage/busy-calendars.js';

export type { Activity, BusyCalendar, Delivery, OpenSlot, Partner, PersonRef, Routine, Session, SettingsChange, User, Webhook };

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
  languages?: string[];
  partnerId?: string;
  ignoreBusy?: boolean;
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
  /** The busy calendar's event a booking overlaps (busy). */
  busyInterval?: { start: string; end: string; title: string };
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
}
