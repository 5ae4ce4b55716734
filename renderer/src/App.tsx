// The shell: sign-in, then the screens the user's role allows, with language switch and sign-out.
import { useEffect, useState } from 'react';
import type { Channel } from '../../shared/api';
import { can } from './useApi';
import { useIdleSignOut } from './idle';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../shared/api';
import type { Locale } from '../../shared/types';
import { api, serverLink } from './api';
import { BackupWarning } from './components/BackupWarning';
import { EngineBadge } from './components/EngineBadge';
import { ServerLostBanner } from './components/ServerLostBanner';
import { SignIn } from './screens/SignIn';
import { Station } from './screens/Station';
import { Admin } from './screens/Admin';
import { HoldQueue } from './screens/HoldQueue';
import { Outbound } from './screens/Outbound';
import { Audit } from './screens/Audit';
import { Reports } from './screens/Reports';
import { Replay } from './screens/Replay';
import { SellerLists } from './screens/SellerLists';

type Screen = 'station' | 'holds' | 'outbound' | 'audit' | 'reports' | 'replay' | 'admin' | 'sellers';
/** Each screen shows when the user may call the operation it is built on (the contract's access rules). */
const SCREEN_NEEDS: Record<Screen, Channel> = {
  station: 'parcel:inspect',
  holds: 'holds:list',
  outbound: 'shipments:list',
  audit: 'audit:list',
  reports: 'reports:summary',
  replay: 'rules:replay',
  admin: 'shelves:list',
  sellers: 'sellerLists:add',
};
const SCREENS = Object.keys(SCREEN_NEEDS) as Screen[];

export function App() {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<Session | null>(null);
  const [screen, setScreen] = useState<Screen>('station');

  // Which storage this station is on, for the top bar: asked at start and at each sign-in.
  useEffect(() => {
    void serverLink.refresh();
  }, [session?.token]);

  useEffect(() => {
    document.documentElement.lang = i18n.language === 'zh' ? 'zh-CN' : 'en';
  }, [i18n.language]);

  const signedIn = (s: Session) => {
    setSession(s);
    void i18n.changeLanguage(s.user.locale);
    setScreen('station');
  };

  const setLocale = async (locale: Locale) => {
    await i18n.changeLanguage(locale);
    if (session) {
      const r = await api['users:setLocale']({ locale });
      if (r.ok) setSession({ ...session, user: r.value });
    }
  };

  const signOut = async () => {
    await api['session:signOut']({});
    setSession(null);
  };
  useIdleSignOut(!!session, () => void signOut());

  const allowed = (s: Screen) => can(session, SCREEN_NEEDS[s]);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        {session && (
          <nav aria-label={t('app.nav')}>
            {SCREENS.filter(allowed).map((s) => (
                <button key={s} className={screen === s ? 'tab active' : 'tab'} aria-current={screen === s ? 'page' : undefined} onClick={() => setScreen(s)}>
                  {t(`nav.${s}`)}
                </button>
              ))}
          </nav>
        )}
        <span className="spacer" />
        {session && <BackupWarning />}
        <EngineBadge />
        <label className="lang">
          {t('app.language')}{' '}
          <select aria-label={t('app.language')} value={i18n.language} onChange={(e) => void setLocale(e.target.value as Locale)}>
            <option value="zh">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        {session && (
          <>
            <span className="who">
              {session.user.name} · {t(`roles.${session.user.role}`)} · {t('app.station')} {session.station}
            </span>
            <button onClick={() => void signOut()}>{t('app.signOut')}</button>
          </>
        )}
      </header>
      <ServerLostBanner />
      <main>
        {!session && <SignIn onSignedIn={signedIn} />}
        {session && screen === 'station' && <Station session={session} />}
        {session && screen === 'holds' && allowed('holds') && <HoldQueue session={session} />}
        {session && screen === 'outbound' && allowed('outbound') && <Outbound session={session} />}
        {session && screen === 'audit' && allowed('audit') && <Audit />}
        {session && screen === 'reports' && allowed('reports') && <Reports />}
        {session && screen === 'replay' && allowed('replay') && <Replay />}
        {session && screen === 'admin' && allowed('admin') && <Admin session={session} />}
        {session && screen === 'sellers' && allowed('sellers') && <SellerLists />}
      </main>
    </div>
  );
}
