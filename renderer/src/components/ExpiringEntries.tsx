// The hold queue's notice of allow/deny entries that stop counting within 7 days (issue 10).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SellerListEntry } from '../../../shared/rules/sellerLists';
import { api } from '../api';
import { CHANNEL_LABELS, type OrderChannel } from '../../../shared/channels';

export function ExpiringEntries() {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<SellerListEntry[]>([]);
  useEffect(() => {
    void api['sellerLists:expiring']({ days: 7 }).then((r) => r.ok && setEntries(r.value.entries));
  }, []);
  if (!entries.length) return null;
  return (
    <section className="card notice" aria-label={t('holds.expiring')}>
      <p>{t('holds.expiring')}</p>
      <ul>
        {entries.map((e) => (
          <li key={e.id}>
            {t('holds.expiringEntry', {
              list: t(`sellers.${e.list}`),
              seller: [e.storeId, e.creditCode].filter(Boolean).join(' / '),
              brand: [e.brandId, e.channel ? (CHANNEL_LABELS[e.channel as OrderChannel]?.[i18n.language === 'zh' ? 'zh' : 'en'] ?? e.channel) : null].filter(Boolean).join(' '),
              date: e.expiresOn,
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
