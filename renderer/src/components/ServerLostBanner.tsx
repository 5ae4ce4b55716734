// The red banner across every screen while the database server is lost: nothing is stored and no
// parcel gets a verdict. It goes by itself when the server answers again (serverLink.ts polls it).
import { useTranslation } from 'react-i18next';
import { useServerLink } from '../useServerLink';
import { fmtTime } from '../words';

export function ServerLostBanner() {
  const { t } = useTranslation();
  const { lost, since } = useServerLink();
  if (!lost) return null;
  return (
    <div className="server-lost" role="alert" aria-live="assertive">
      <strong>{t('serverLost.banner')}</strong>
      <span>{t('serverLost.checking', { time: since ? fmtTime(since) : '—' })}</span>
    </div>
  );
}
