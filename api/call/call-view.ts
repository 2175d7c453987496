import type { CallMember } from '../storage/calls.js';
import type { CallSettings } from './call-settings.js';
import { jitsiRoomName, jitsiScriptUrl } from './jitsi-config.js';
import { mintJitsiToken } from './jitsi-token.js';

/**
 * What the call page polls (`GET /v1/calls/{id}`). `phase` is the page's state machine;
 * `jitsi` is present only for a member of a live pair, so the room reaches the two of them only.
 */
export interface CallView {
  phase: 'waiting' | 'matched' | 'over' | 'cancelled';
  /** The server's clock, which the page's timer follows (it may differ from the browser's). */
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
  jitsi: { domain: string; scriptUrl: string; roomName: string; jwt: string | null } | null;
}

function phaseOf(member: CallMember, now: Date): CallView['phase'] {
  if (member.session.status === 'cancelled') return 'cancelled';
  if (now.getTime() >= Date.parse(member.session.end)) return 'over';
  return member.room === null ? 'waiting' : 'matched';
}

export function callView(member: CallMember, userId: string, settings: CallSettings, now: Date): CallView {
  const { session } = member;
  const phase = phaseOf(member, now);
  const you = { id: userId, name: member.name };
  const jitsi = phase === 'matched' && member.room !== null
    ? {
        domain: settings.jitsi.domain,
        scriptUrl: jitsiScriptUrl(settings.jitsi),
        roomName: jitsiRoomName(settings.jitsi, member.room),
        // Good until the session ends (at most 85 minutes), so a dropped connection can rejoin.
        jwt: mintJitsiToken(settings.jitsi, { room: member.room, user: you, now, expiresAt: new Date(session.end) }),
      }
    : null;
  return {
    phase,
    now: now.toISOString(),
    you,
    session: {
      id: session.id, start: session.start, end: session.end, duration: session.duration,
      task: session.task, partner: session.partner, partnerTask: session.partnerTask,
    },
    jitsi,
  };
}
