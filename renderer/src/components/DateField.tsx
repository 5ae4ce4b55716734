// A calendar date typed as YYYY-MM-DD, the same in both languages. The browser's own date input
// shows mm/dd/yyyy whatever the page's language; this one shows the ISO date the files and the
// service use, and passes it on only once it is a whole, real date (or empty).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isIsoDate } from '../../../shared/dates';

interface Props {
  value: string;
  onChange: (iso: string) => void;
  required?: boolean;
  'aria-label'?: string;
}

export function DateField({ value, onChange, required, ...rest }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const bad = text !== '' && !isIsoDate(text);
  return (
    <input
      className={`date-field ${bad ? 'invalid' : ''}`}
      inputMode="numeric"
      placeholder={t('common.datePlaceholder')}
      pattern="\d{4}-\d{2}-\d{2}"
      size={10}
      value={text}
      required={required}
      aria-invalid={bad || undefined}
      aria-label={rest['aria-label']}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value === '' || isIsoDate(e.target.value)) onChange(e.target.value);
      }}
    />
  );
}
