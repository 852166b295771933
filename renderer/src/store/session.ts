import { create } from 'zustand';
import type { OfficePublic, SessionInfo } from '../../../shared/contract';
import type { Permission } from '../../../shared/permissions';
import type { Language } from '../../../shared/settings';
import { call, closeEvents, resetEvents } from '../api/client';
import { applyLanguage, storedLanguage } from '../i18n';
import { navigate } from './route';

export type Notice = 'expired' | 'ended' | 'disabled' | null;

interface SessionState {
  status: 'loading' | 'ready' | 'error';
  loadError: unknown;
  needsSetup: boolean;
  office: OfficePublic | null;
  session: SessionInfo | null;
  /** Why the user is back at the login screen (shown there once). */
  notice: Notice;
  refresh(): Promise<void>;
  signedIn(s: SessionInfo): Promise<void>;
  ended(notice: Notice): void;
  logout(): Promise<void>;
  setLanguage(lang: Language): Promise<void>;
  setOffice(patch: Partial<OfficePublic>): void;
}

/** The user's own language wins; before login (or without one) the choice made on this computer, then the office's. */
async function followLanguage(office: OfficePublic | null, session: SessionInfo | null): Promise<void> {
  const mine = session?.user.language;
  if (mine) await applyLanguage(mine);
  else if (!storedLanguage() && office) await applyLanguage(office.language, false);
}

export const useSession = create<SessionState>()((set, get) => ({
  status: 'loading',
  loadError: null,
  needsSetup: false,
  office: null,
  session: null,
  notice: null,

  async refresh() {
    try {
      const state = await call('auth.state', {});
      await followLanguage(state.office, state.session);
      set({ status: 'ready', loadError: null, needsSetup: state.needsSetup, office: state.office, session: state.session });
    } catch (err) {
      set({ status: 'error', loadError: err });
    }
  },

  async signedIn(s) {
    // The event stream was opened (or refused) without this session: reconnect it.
    resetEvents();
    set({ session: s, notice: null, needsSetup: false });
    // Setup changes the office profile: fetch it (and the final session) once more.
    await get().refresh();
  },

  ended(notice) {
    closeEvents();
    set({ session: null, notice });
    // The next person to log in starts at the home screen, not at the last one's page.
    navigate('home');
  },

  async logout() {
    try {
      await call('auth.logout', {});
    } catch {
      // Already ended on the server (expired, or the server is gone): it ends here all the same.
    }
    get().ended(null);
  },

  async setLanguage(lang) {
    await applyLanguage(lang);
    const s = get().session;
    if (!s) return;
    set({ session: { ...s, user: { ...s.user, language: lang } } });
    await call('auth.setLanguage', { language: lang });
  },

  setOffice(patch) {
    const o = get().office;
    if (o) set({ office: { ...o, ...patch } });
  },
}));

export function useCan(permission: Permission | null): boolean {
  return useSession((s) => permission === null || !!s.session?.permissions.includes(permission));
}

export const useTimezone = (): string => useSession((s) => s.office?.timezone ?? 'Asia/Jakarta');
