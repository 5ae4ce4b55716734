// The shell: sign-in, then the screens the user's role allows, with language switch and sign-out.
import { useEffect, useRef, useState } from 'react';
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
import { unfinishedWork, useUnfinishedWork, type SignedOutNote } from './workInProgress';
import { UnfinishedWork } from './components/UnfinishedWork';
import { WAREHOUSE_ZONE } from './words';

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
  const [signedOut, setSignedOut] = useState<SignedOutNote | null>(null);
  const [askSignOut, setAskSignOut] = useState(false);
  const [askClose, setAskClose] = useState(false);
  const work = useUnfinishedWork();
  /** What a sign-out would leave: the parcels listed to redo stay listed for the next person, so only the rest is asked about. */
  const atRisk = work.filter((w) => w.kind !== 'redo');

  // Closing the window with unfinished work: the browser asks; Electron cancels the close silently,
  // so the page says what is unfinished and offers to close anyway.
  const closing = useRef(false);
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (closing.current || !unfinishedWork().length) return;
      e.preventDefault();
      e.returnValue = '';
      setAskClose(true);
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  // Which storage this station is on, for the top bar: asked at start and at each sign-in.
  useEffect(() => {
    void serverLink.refresh();
  }, [session?.token]);

  useEffect(() => {
    document.documentElement.lang = i18n.language === 'zh' ? 'zh-CN' : 'en';
  }, [i18n.language]);

  const signedIn = (s: Session) => {
    setSignedOut(null);
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
    setAskSignOut(false);
    await api['session:signOut']({});
    setSession(null);
  };
  /** The sign-out button: unfinished work is named first, and the person chooses. */
  const askToSignOut = () => {
    if (atRisk.length) setAskSignOut(true);
    else void signOut();
  };
  const idleLeft = useIdleSignOut(!!session, (minutes) => {
    // Listed before the station goes away: what the next person finds on the redo list.
    setSignedOut({ idleMinutes: minutes, left: unfinishedWork() });
    void signOut();
  });

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
        {/* Who, where and which storage (and a backup warning beside it), stacked in one cell: the top bar stays one row at 1366 px. */}
        <span className="status">
          <span className="status-line">
            {session && <BackupWarning />}
            <EngineBadge />
          </span>
          <span className="who">
            {session && (
              <>
                {session.user.name} · {t(`roles.${session.user.role}`)} · {t('app.station')} {session.station} ·{' '}
              </>
            )}
            <span className="zone" title={t('common.timeZone', { zone: WAREHOUSE_ZONE })}>
              {t('common.zoneShort', { zone: WAREHOUSE_ZONE })}
            </span>
          </span>
        </span>
        <select className="lang" aria-label={t('app.language')} title={t('app.language')} value={i18n.language} onChange={(e) => void setLocale(e.target.value as Locale)}>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
        {session && <button onClick={askToSignOut}>{t('app.signOut')}</button>}
      </header>
      <ServerLostBanner />
      {session && idleLeft !== null && (
        <div className="idle-warning" role="alertdialog" aria-label={t('idle.title')}>
          <strong>{t('idle.countdown', { s: idleLeft })}</strong> <span>{t('idle.stay')}</span>
          {work.length > 0 && (
            <>
              <p>{t('idle.willList')}</p>
              <UnfinishedWork items={work} />
            </>
          )}
        </div>
      )}
      {session && askSignOut && (
        <div className="confirm topconfirm" role="alertdialog" aria-label={t('work.signOutTitle')}>
          <p>{t('work.signOutTitle')}</p>
          <UnfinishedWork items={atRisk} />
          <div className="row">
            <button className="danger" onClick={() => void signOut()}>
              {t('work.signOutAnyway')}
            </button>
            <button autoFocus onClick={() => setAskSignOut(false)}>
              {t('work.stay')}
            </button>
          </div>
        </div>
      )}
      {askClose && (
        <div className="confirm topconfirm" role="alertdialog" aria-label={t('work.closeTitle')}>
          <p>{t('work.closeTitle')}</p>
          <UnfinishedWork items={work} />
          <div className="row">
            <button
              className="danger"
              onClick={() => {
                closing.current = true;
                window.close();
              }}
            >
              {t('work.closeAnyway')}
            </button>
            <button autoFocus onClick={() => setAskClose(false)}>
              {t('work.stay')}
            </button>
          </div>
        </div>
      )}
      <main>
        {!session && <SignIn onSignedIn={signedIn} signedOut={signedOut} />}
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
