/**
 * What the tests serve in place of `external_api.js` (the machine has no network): it records
 * each constructor call, draws a look-alike of a two-person call, and lets a test fire Jitsi events.
 */
export interface RecordedJitsiCall {
  domain: string;
  options: Record<string, any>;
  parentId: string | null;
}

export const JITSI_STAND_IN = String.raw`
(() => {
  const record = (window.__jitsi = { calls: [], disposed: 0, live: [] });
  const tile = (label, hue) => {
    const box = document.createElement('div');
    Object.assign(box.style, {
      flex: '1', display: 'flex', alignItems: 'center', justifyContent: 'center', margin: '6px', borderRadius: '10px',
      background: 'linear-gradient(160deg, hsl(' + hue + ' 30% 26%), hsl(' + hue + ' 25% 14%))', color: '#e8ecf1',
      font: '600 18px system-ui, sans-serif', minHeight: '120px',
    });
    const badge = document.createElement('div');
    Object.assign(badge.style, { width: '72px', height: '72px', borderRadius: '50%', display: 'flex', alignItems: 'center',
      justifyContent: 'center', background: 'hsl(' + hue + ' 45% 45%)', fontSize: '30px', marginRight: '14px' });
    badge.textContent = label.slice(0, 1).toUpperCase();
    box.append(badge, document.createTextNode(label));
    return box;
  };
  class JitsiMeetExternalAPI {
    constructor(domain, options) {
      const { parentNode, ...rest } = options;
      record.calls.push({ domain, options: JSON.parse(JSON.stringify(rest)), parentId: parentNode ? parentNode.id : null });
      this.listeners = {};
      this.frame = document.createElement('div');
      this.frame.dataset.standIn = 'jitsi';
      Object.assign(this.frame.style, { display: 'flex', flexWrap: 'wrap', background: '#0b0d10', padding: '6px' });
      this.frame.append(tile(options.userInfo.displayName + ' (you)', 210), tile('Partner', 150));
      parentNode.append(this.frame);
      record.live.push(this);
    }
    addListener(event, listener) { (this.listeners[event] ||= []).push(listener); return this; }
    on(event, listener) { return this.addListener(event, listener); }
    removeListener(event, listener) { this.listeners[event] = (this.listeners[event] || []).filter((l) => l !== listener); return this; }
    executeCommand() {}
    dispose() {
      record.disposed++;
      record.live = record.live.filter((api) => api !== this);
      this.frame.remove();
    }
  }
  window.JitsiMeetExternalAPI = JitsiMeetExternalAPI;
  window.__fireJitsi = (event, data) => {
    const api = record.live[record.live.length - 1];
    if (!api) throw new Error('no live Jitsi API to fire ' + event + ' on');
    for (const listener of api.listeners[event] || []) listener(data);
  };
})();
`;
