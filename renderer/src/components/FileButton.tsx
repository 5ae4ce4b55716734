// A file chooser in the user's language: a styled button with the chosen file's name beside it,
// instead of the browser's own "Choose file / No file chosen" text.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  accept: string;
  multiple?: boolean;
  disabled?: boolean;
  onFiles: (files: File[]) => void;
}

export function FileButton({ label, accept, multiple = false, disabled = false, onFiles }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [names, setNames] = useState<string[]>([]);
  return (
    <div className="filepick">
      <span className="filepick-label">{label}</span>
      <button type="button" disabled={disabled} onClick={() => input.current?.click()}>
        {t('common.chooseFile')}
      </button>
      <span className="muted">{names.length ? names.join(', ') : t('common.noFile')}</span>
      <input
        ref={input}
        type="file"
        hidden
        aria-label={label}
        accept={accept}
        multiple={multiple}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          setNames(files.map((f) => f.name));
          onFiles(files);
          e.target.value = '';
        }}
      />
    </div>
  );
}
