import { followEvents, type FollowCallbacks } from './event-follow.js';

/**
 * The page's only door to the API. The types mirror api/call/call-view.ts (the page is compiled
 * apart from the server); the browser tests exercise both ends together.
 */
export interface CallView {
  phase: 'waiting' | 'matched' | 'over' | 'cancelled';
  now: string;
  you: { id: string; name: string };
  session: {
    id: string;
    start: string;
    end: string;
    duration: number;
    task: string | null;
    partner: { id: string; name: string } | null;
    partnerTask: string | null;
  };
  jitsi: JitsiRoomInfo | null;
}

export interface JitsiRoomInfo {
  domain: string;
  scriptUrl: string;
  roomName: string;
  jwt: string | null;
}

/** The server refused the link's credential: retrying will not help, a fresh link will. */
export class LinkRefused extends Error {}

const storageKey = (sessionId: string) => `cowork-call:${sessionId}`;

/**
 * The credential arrives in the URL fragment; it is moved to this tab's sessionStorage and
 * wiped from the address bar, so a reload keeps working and a screenshot or copied URL leaks nothing.
 */
export function takeCredential(sessionId: string): string | null {
  const fromLink = decodeURIComponent(location.hash.slice(1));
  if (fromLink) {
    sessionStorage.setItem(storageKey(sessionId), fromLink);
    history.replaceState(null, '', location.pathname);
    return fromLink;
  }
  return sessionStorage.getItem(storageKey(sessionId));
}

/** What asking for a rematch came to: a new partner, nobody there yet, or nothing to do any more. */
export type RematchOutcome = 'rematched' | 'nobody-yet' | 'not-needed';

export interface CallClient {
  fetchView(): Promise<CallView>;
  report(event: 'joined' | 'left'): void;
  /** Says the page is open; a failure is ignored (the next one comes 20 s later). */
  checkIn(): Promise<void>;
  rematch(): Promise<RematchOutcome>;
  /** Follows the session's live events for as long as the page is open. */
  follow(callbacks: FollowCallbacks): void;
}

export function callClient(sessionId: string, credential: string): CallClient {
  const base = `/v1/calls/${encodeURIComponent(sessionId)}`;
  const headers = { authorization: `Bearer ${credential}` };
  return {
    async fetchView() {
      const response = await fetch(base, { headers, cache: 'no-store' });
      if (response.status === 401 || response.status === 404) throw new LinkRefused(`the server answered ${response.status}`);
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      return (await response.json()) as CallView;
    },
    report(event) {
      // keepalive lets a "left" sent while the tab closes still arrive.
      void fetch(`${base}/attendance`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ event }),
        keepalive: true,
      }).catch(() => undefined);
    },
    async checkIn() {
      await fetch(`${base}/check-in`, { method: 'POST', headers }).catch(() => undefined);
    },
    async rematch() {
      const response = await fetch(`${base}/rematch`, { method: 'POST', headers });
      if (response.status === 200) return ((await response.json()) as { rematched: boolean }).rematched ? 'rematched' : 'nobody-yet';
      // 409: too early (the caller checks the time), over, cancelled, or the partner came: stop asking.
      if (response.status === 409 || response.status === 401 || response.status === 404) return 'not-needed';
      throw new Error(`the server answered ${response.status}`);
    },
    follow(callbacks) {
      followEvents(`${base}/events`, credential, callbacks);
    },
  };
}
