import type { Config, JitsiMeetExternalAPI, JitsiMeetExternalAPIConstructor } from 'jitsi-meet';
import type { JitsiRoomInfo } from './call-client.js';

declare global {
  interface Window {
    JitsiMeetExternalAPI?: JitsiMeetExternalAPIConstructor;
  }
}

/** Options newer than @types/jitsi-meet 2.0 knows. */
type FocusConfig = Config & { prejoinConfig?: { enabled: boolean }; toolbarButtons?: string[] };

/** A two-person focus call: straight in, nothing to invite anyone else with, no app download nag. */
const TOOLBAR = ['microphone', 'camera', 'desktop', 'chat', 'tileview', 'settings', 'fullscreen', 'hangup'];

export interface RoomEvents {
  joined(): void;
  left(): void;
  /** Jitsi's own hang-up button was pressed. */
  closed(): void;
}

export interface RoomOptions {
  parent: HTMLElement;
  displayName: string;
  subject: string;
}

const loaded = new Map<string, Promise<JitsiMeetExternalAPIConstructor>>();

function loadExternalApi(url: string): Promise<JitsiMeetExternalAPIConstructor> {
  let constructor = loaded.get(url);
  if (!constructor) {
    constructor = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.addEventListener('load', () =>
        window.JitsiMeetExternalAPI ? resolve(window.JitsiMeetExternalAPI) : reject(new Error(`${url} did not define JitsiMeetExternalAPI`)));
      script.addEventListener('error', () => reject(new Error(`could not load ${url}`)));
      document.head.append(script);
    });
    constructor.catch(() => loaded.delete(url));
    loaded.set(url, constructor);
  }
  return constructor;
}

/** One embedded Jitsi conference; reports joining and leaving once each, and is disposed on hang-up. */
export class JitsiRoom {
  #joined = false;
  #leftReported = false;

  private constructor(readonly roomName: string, private readonly api: JitsiMeetExternalAPI, private readonly events: RoomEvents) {
    api.addListener('videoConferenceJoined', () => {
      this.#joined = true;
      this.#leftReported = false;
      events.joined();
    });
    api.addListener('videoConferenceLeft', () => this.#reportLeft());
    api.addListener('readyToClose', () => events.closed());
  }

  static async open(room: JitsiRoomInfo, options: RoomOptions, events: RoomEvents): Promise<JitsiRoom> {
    const ExternalApi = await loadExternalApi(room.scriptUrl);
    const configOverwrite: FocusConfig = {
      prejoinConfig: { enabled: false },
      prejoinPageEnabled: false,
      disableDeepLinking: true,
      disableInviteFunctions: true,
      doNotStoreRoom: true,
      subject: options.subject,
      toolbarButtons: TOOLBAR,
    };
    const api = new ExternalApi(room.domain, {
      roomName: room.roomName,
      parentNode: options.parent,
      width: '100%',
      height: '100%',
      userInfo: { displayName: options.displayName },
      ...(room.jwt ? { jwt: room.jwt } : {}),
      configOverwrite,
    });
    return new JitsiRoom(room.roomName, api, events);
  }

  hangUp(): void {
    this.#reportLeft();
    this.api.dispose();
  }

  #reportLeft(): void {
    if (!this.#joined || this.#leftReported) return;
    this.#leftReported = true;
    this.events.left();
  }
}
