import { callClient, LinkRefused, takeCredential, type CallClient, type CallView, type JitsiRoomInfo } from './call-client.js';
import { JitsiRoom } from './jitsi-room.js';
import { renderClock, renderSession, showCall, showNews, showNotice, showProblem, ui } from './view.js';

/**
 * The call page's state machine: follow the session's live events (and poll, slowly while the
 * stream is open, as the fallback), and show the waiting state, the Jitsi room,
 * "you left", "partner cancelled" or "session over" as the answers change.
 */
const POLL_SOON_MS = 3_000;
/** After the start nobody can cancel any more; polling then only notices the end, which the timer does too. */
const POLL_STARTED_MS = 30_000;
const POLL_AFTER_ERROR_MS = 5_000;
/** While the live stream is open, a change arrives through it: polling only backs it up. */
const POLL_FOLLOWING_MS = 30_000;
/** SPEC §8: an open page checks in this often, before and after the start (the server counts it open for 150 s). */
const CHECK_IN_MS = 20_000;
/** From start + 5 minutes a partner who has not come may be replaced. */
const REMATCH_AFTER_MS = 5 * 60_000;

class CallPage {
  #view: CallView | null = null;
  /** Server clock minus browser clock, so timers follow the server. */
  #offsetMs = 0;
  #room: JitsiRoom | null = null;
  #opening: string | null = null;
  #leftByChoice = false;
  #lastPartner: string | null = null;
  #poll: ReturnType<typeof setTimeout> | undefined;
  #askedIfOver = false;
  /** Whether this person has been in the conference yet: the button then says Rejoin, not Join. */
  #joinedOnce = false;
  /** Set once the server says there is nobody to replace (the partner came) or no rematch can happen. */
  #rematchSettled = false;
  /** Whether the live stream of the session's events is open. */
  #following = false;

  constructor(private readonly client: CallClient) {
    ui.leave.addEventListener('click', () => this.#leave());
    ui.rejoin.addEventListener('click', () => {
      this.#leftByChoice = false;
      void this.refresh();
    });
    setInterval(() => this.#tick(), 1_000);
    setInterval(() => void this.#checkIn(), CHECK_IN_MS);
    client.follow({
      changed: () => void this.refresh(),
      connected: (open) => {
        const lost = this.#following && !open;
        this.#following = open;
        document.body.dataset.live = String(open);
        // Back to polling at its usual pace until the stream is open again.
        if (lost) void this.refresh();
      },
    });
  }

  /**
   * Checks in, then from start + 5 minutes asks for a rematch each time until the server says
   * there is nothing to do: the server decides whether the partner came, so the page needs no
   * knowledge of who is in the conference.
   */
  async #checkIn(): Promise<void> {
    const view = this.#view;
    if (!view || (view.phase !== 'waiting' && view.phase !== 'matched')) return;
    await this.client.checkIn();
    if (this.#rematchSettled || this.#leftByChoice) return;
    const now = Date.now() + this.#offsetMs;
    if (now < Date.parse(view.session.start) + REMATCH_AFTER_MS || now >= Date.parse(view.session.end)) return;
    const outcome = await this.client.rematch().catch(() => 'nobody-yet' as const);
    if (outcome === 'not-needed') this.#rematchSettled = true;
    if (outcome !== 'nobody-yet') await this.refresh();
  }

  async refresh(): Promise<void> {
    clearTimeout(this.#poll);
    let view: CallView;
    try {
      view = await this.client.fetchView();
    } catch (error) {
      if (error instanceof LinkRefused) {
        this.#hangUp();
        showProblem('Call link not valid', 'This call link is not valid (expired, or for another session or person). Run `cowork next` for a fresh one.');
        return;
      }
      if (!this.#view) showProblem('Cannot reach cowork', 'Cannot reach the cowork server; trying again…');
      else if (!this.#room) showNotice('Cannot reach the cowork server; trying again…');
      this.#poll = setTimeout(() => void this.refresh(), POLL_AFTER_ERROR_MS);
      return;
    }
    const first = this.#view === null;
    this.#view = view;
    this.#offsetMs = Date.parse(view.now) - Date.now();
    if (first) void this.#checkIn();
    renderSession(view);
    this.#tick();
    this.#apply(view, first);
    if (view.phase === 'waiting' || view.phase === 'matched') {
      const started = Date.parse(view.now) >= Date.parse(view.session.start);
      // From start + 5 min, until the partner is known to be there, a rematch may come (ours, or
      // someone else's taking us): look often then.
      const rematchPossible = Date.parse(view.now) >= Date.parse(view.session.start) + REMATCH_AFTER_MS && !this.#rematchSettled;
      const calm = view.phase === 'matched' && started && !rematchPossible;
      this.#poll = setTimeout(() => void this.refresh(), calm ? POLL_STARTED_MS : this.#following ? POLL_FOLLOWING_MS : POLL_SOON_MS);
    }
  }

  /** `first`: the page's first view of the session, opened or reloaded; nothing changed before it. */
  #apply(view: CallView, first: boolean): void {
    const partner = view.session.partner?.name ?? null;
    switch (view.phase) {
      case 'matched':
        if (!first) this.#tellRematch(view, partner);
        this.#lastPartner = partner;
        if (this.#leftByChoice) showNotice('You left the call.', { join: this.#again() });
        else if (view.jitsi) this.#enter(view, view.jitsi);
        return;
      case 'waiting': {
        this.#hangUp();
        const cancelled = this.#lastPartner;
        showNotice(cancelled ? `${cancelled} cancelled. Looking for someone new to work with…` : 'Waiting for a partner… this page starts the call as soon as someone books the same slot.', { waiting: true });
        return;
      }
      case 'over':
        this.#hangUp();
        showNotice('This session is over. Nice work!');
        return;
      case 'cancelled':
        this.#hangUp();
        showNotice('You cancelled this session.');
        return;
    }
  }

  /**
   * A new partner after start + 5 minutes came by a rematch: say so, with both names. Only a change
   * this page saw: the partner a page opens or reloads with after start + 5 is most often the one
   * booked, who came.
   */
  #tellRematch(view: CallView, partner: string | null): void {
    if (partner === null || partner === this.#lastPartner) return;
    if (Date.parse(view.now) < Date.parse(view.session.start) + REMATCH_AFTER_MS) return;
    const before = this.#lastPartner;
    showNews(before
      ? `${before} did not come, so you are now working with ${partner}.`
      : `You are now working with ${partner}, whose partner did not come.`);
  }

  #enter(view: CallView, jitsi: JitsiRoomInfo): void {
    if (this.#room?.roomName === jitsi.roomName || this.#opening === jitsi.roomName) return;
    this.#hangUp();
    this.#opening = jitsi.roomName;
    showCall();
    const partner = view.session.partner?.name ?? 'your partner';
    JitsiRoom.open(jitsi, { parent: ui.jitsi, displayName: view.you.name, subject: `cowork: ${view.you.name} & ${partner}` }, {
      joined: () => {
        this.#joinedOnce = true;
        this.client.report('joined');
      },
      left: () => this.client.report('left'),
      closed: () => this.#leave(),
    }).then(
      (room) => {
        if (this.#opening === room.roomName) this.#room = room;
        else room.hangUp();
        this.#opening = null;
      },
      (error: Error) => {
        this.#opening = null;
        showNotice(`The video call could not start: ${error.message}.`, { join: this.#again() });
      },
    );
  }

  #leave(): void {
    this.#leftByChoice = true;
    this.#hangUp();
    showNotice(this.#joinedOnce ? 'You left the call.' : 'You closed the call before joining it.', { join: this.#again() });
  }

  #again(): 'join' | 'rejoin' {
    return this.#joinedOnce ? 'rejoin' : 'join';
  }

  #hangUp(): void {
    this.#opening = null;
    this.#room?.hangUp();
    this.#room = null;
    ui.jitsi.replaceChildren();
  }

  #tick(): void {
    if (!this.#view) return;
    const now = Date.now() + this.#offsetMs;
    renderClock(this.#view, now);
    const over = now >= Date.parse(this.#view.session.end);
    if (over && !this.#askedIfOver && (this.#view.phase === 'waiting' || this.#view.phase === 'matched')) {
      // Once: the server's answer ("over") ends the call; a later poll retries if this one fails.
      this.#askedIfOver = true;
      void this.refresh();
    }
  }
}

const sessionId = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const credential = takeCredential(sessionId);
if (credential) void new CallPage(callClient(sessionId, credential)).refresh();
else showProblem('Call link needed', 'This page needs the link from `cowork next` (it carries your call credential after the #).');
