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
};

const clockTime = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function showTask(target: HTMLElement, task: string | null, empty: string): void {
  target.textContent = task ?? empty;
  target.classList.toggle('empty', task === null);
}

export function renderSession(view: CallView): void {
  const { session } = view;
  const partner = session.partner?.name;
  ui.headline.textContent = partner ? `Focus session with ${partner}` : 'Focus session';
  document.title = partner ? `cowork · with ${partner}` : 'cowork · focus session';
  ui.myLabel.textContent = `You (${view.you.name})`;
  showTask(ui.myTask, session.task, 'No task set — say what you will work on with `cowork task`');
  ui.partnerLabel.textContent = partner ?? 'Your partner';
  showTask(ui.partnerTask, partner ? session.partnerTask : null, partner ? 'No task stated' : 'Not paired yet');
}

function duration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** "Starts in 4:59", "32:10 left" or "Over", against the server's clock. */
export function renderClock(view: CallView, nowMs: number): void {
  const start = Date.parse(view.session.start);
  const end = Date.parse(view.session.end);
  const span = `${clockTime(view.session.start)}–${clockTime(view.session.end)}`;
  if (nowMs < start) ui.clock.textContent = `${span} · starts in ${duration(start - nowMs)}`;
  else if (nowMs < end) ui.clock.textContent = `${span} · ${duration(end - nowMs)} left`;
  else ui.clock.textContent = `${span} · over`;
}

export function showNotice(text: string, options: { waiting?: boolean; rejoin?: boolean } = {}): void {
  ui.noticeText.textContent = text;
  ui.notice.classList.toggle('waiting', options.waiting === true);
  ui.rejoin.hidden = options.rejoin !== true;
  ui.notice.hidden = false;
  ui.jitsi.hidden = true;
  ui.leave.hidden = true;
}

export function showCall(): void {
  ui.notice.hidden = true;
  ui.jitsi.hidden = false;
  ui.leave.hidden = false;
}
