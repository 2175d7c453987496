import type { CallView } from './call-client.js';

/** Everything the page writes into its HTML; the controller decides what, this decides how. */
function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`call page: #${id} is missing from the HTML`);
  return found as T;
}

export const ui = {
  headline: element('headline'),
  clock: element('clock'),
  leave: element<HTMLButtonElement>('leave'),
  myLabel: element('my-label'),
  myTask: element('my-task'),
  partnerLabel: element('partner-label'),
  partnerTask: element('partner-task'),
  notice: element('notice'),
  noticeText: element('notice-text'),
  rejoin: element<HTMLButtonElement>('rejoin'),
  jitsi: element('jitsi'),
  news: element('news'),
};

/** What just happened to the pair (a rematch), shown above the call until the next change. */
export function showNews(text: string): void {
  ui.news.textContent = text;
  ui.news.hidden = false;
}

/** The person's own clock format: "14:00" where the locale counts 24 hours, "2:00 PM" where it counts 12. */
const twelveHour = new Intl.DateTimeFormat(undefined, { hour: 'numeric' }).resolvedOptions().hourCycle?.startsWith('h1') ?? false;
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: twelveHour ? 'numeric' : '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
const clockTime = (iso: string) => clockFormat.format(new Date(iso));
const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

function showTask(target: HTMLElement, task: string | null, empty: string): void {
  target.textContent = task ?? empty;
  target.classList.toggle('empty', task === null);
}

export function renderSession(view: CallView): void {
  const { session } = view;
  const partner = session.partner?.name;
  const cancelled = view.phase === 'cancelled';
  ui.headline.textContent = cancelled ? 'Focus session (cancelled)' : partner ? `Focus session with ${partner}` : 'Focus session';
  document.title = partner ? `cowork · with ${partner}` : 'cowork · focus session';
  ui.myLabel.textContent = `You (${view.you.name})`;
  showTask(ui.myTask, session.task, 'No task set — say what you will work on with `cowork task`');
  ui.partnerLabel.textContent = partner ?? 'Your partner';
  showTask(ui.partnerTask, partner ? session.partnerTask : null, partner ? 'No task stated' : cancelled ? 'No partner: the session is cancelled' : 'Not paired yet');
}

/** As the CLI counts down: "8 min 26 s", "2 h 5 min", "1 d 3 h 10 min". */
function duration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
  const minutes = Math.ceil(total / 60);
  const days = Math.floor(minutes / 1440);
  const hours = `${Math.floor(minutes / 60) % 24} h ${minutes % 60} min`;
  return days ? `${days} d ${hours}` : hours;
}

/** "Mon 7 Jan, 14:00–14:50 · starts in 4 min 59 s", "32 min 10 s left", "over" or "cancelled", against the server's clock. */
export function renderClock(view: CallView, nowMs: number): void {
  const start = Date.parse(view.session.start);
  const end = Date.parse(view.session.end);
  const day = sameDay(new Date(start), new Date(nowMs)) ? '' : `${dayFormat.format(new Date(start))}, `;
  const span = `${day}${clockTime(view.session.start)}–${clockTime(view.session.end)}`;
  if (view.phase === 'cancelled') ui.clock.textContent = `${span} · cancelled`;
  else if (nowMs < start) ui.clock.textContent = `${span} · starts in ${duration(start - nowMs)}`;
  else if (nowMs < end) ui.clock.textContent = `${span} · ${duration(end - nowMs)} left`;
  else ui.clock.textContent = `${span} · over`;
}

/** A page that cannot show a session (no credential, a refused link): the reason in place of "Loading…". */
export function showProblem(headline: string, text: string): void {
  ui.headline.textContent = headline;
  ui.clock.textContent = '';
  for (const element of [ui.myTask, ui.partnerTask]) element.textContent = '';
  ui.myLabel.textContent = '';
  ui.partnerLabel.textContent = '';
  showNotice(text);
}

/** `join` offers a button into the call: "Join the call" the first time, "Rejoin the call" after. */
export function showNotice(text: string, options: { waiting?: boolean; join?: 'join' | 'rejoin' } = {}): void {
  ui.noticeText.textContent = text;
  ui.notice.classList.toggle('waiting', options.waiting === true);
  ui.rejoin.hidden = options.join === undefined;
  ui.rejoin.textContent = options.join === 'join' ? 'Join the call' : 'Rejoin the call';
  ui.notice.hidden = false;
  ui.jitsi.hidden = true;
  ui.leave.hidden = true;
}

export function showCall(): void {
  ui.notice.hidden = true;
  ui.jitsi.hidden = false;
  ui.leave.hidden = false;
}
