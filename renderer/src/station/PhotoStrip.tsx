// The photos of the parcel on screen: what the station expects next, each photo's state in words,
// and a retake prompt on any photo that could not be read (at once, or as the verdict asks). A photo
// the lost server never took is kept, marked as not sent: "Send again" sends it, no retake needed.
import { useTranslation } from 'react-i18next';
import type { PhotoKind } from '../../../shared/types';
import { errorText } from '../errors';
import type { DraftPhoto } from './stationState';

interface Props {
  photos: DraftPhoto[];
  expected: PhotoKind | null;
  retake: Map<string, string>;
  onRetake: (key: string) => void;
  onRemove: (key: string) => void;
}

export function PhotoStrip({ photos, expected, retake, onRetake, onRemove }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-label={t('station.photos')} className="photostrip">
      {expected && (
        <p className="expected" role="status" aria-label={t('station.expectedLabel')}>
          {t('station.expectNext', { kind: t(`photoKind.${expected}`) })}
        </p>
      )}
      <div className="thumbs">
        {photos.map((p, i) => {
          const why = retake.get(p.key);
          const kind = p.read ? t(`photoKind.${p.read.kind}`) : '';
          const notSent = p.status === 'failed' && p.error?.code === 'SERVER_LOST';
          return (
            <figure key={p.key} className={`thumb ${p.status}${why ? ' retake' : ''}${notSent ? ' unsent' : ''}`}>
              <img src={p.localUrl} alt={`${t('station.photos')} ${i + 1}`} />
              <figcaption>
                {p.status === 'uploading' || p.status === 'reading'
                  ? t('station.reading')
                  : p.status === 'read'
                    ? `${t('station.read')} · ${kind}`
                    : p.status === 'unreadable'
                      ? `${t('station.unreadable')} · ${kind}`
                      : notSent
                        ? t('station.photoNotSent')
                        : t('station.readFailed')}
                {p.error && !notSent && <span className="error"> {errorText(t, p.error)}</span>}
              </figcaption>
              {why && (
                <p className="retake-prompt" role="alert">
                  {t(`station.retakeWhy.${why}`)}
                </p>
              )}
              <div className="thumb-actions">
                <button className={why ? 'primary' : ''} onClick={() => onRetake(p.key)}>
                  {t('station.retake')}
                </button>
                <button onClick={() => onRemove(p.key)}>{t('station.remove')}</button>
              </div>
            </figure>
          );
        })}
      </div>
    </section>
  );
}
