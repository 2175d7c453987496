/** The API's objects as the CLI receives them (SPEC §3); printed unchanged by --json. */
export interface User {
  id: string;
  name: string;
  email: string;
  timezone: string;
}

export interface Session {
  id: string;
  start: string;
  end: string;
  duration: number;
  status: 'waiting' | 'matched' | 'cancelled';
  partner: { id: string; name: string } | null;
  task: string | null;
  partnerTask: string | null;
  createdAt: string;
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
  conflictingSession?: { id: string; start: string; end: string };
}
