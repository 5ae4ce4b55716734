// What the printer gets: rendered outside the app's root, so printing shows only this (no blank
// pages from the screen's layout). `kind` picks the paper: the 100×150 mm thermal label or A4.
import { createPortal } from 'react-dom';

export function PrintPage({ kind, children }: { kind: 'label' | 'a4'; children: React.ReactNode }) {
  return createPortal(<div className={`print-only print-${kind}`}>{children}</div>, document.body);
}
