// Finds active content in a customer's PDF by parsing it (pdf-lib: every indirect object, including
// those packed in compressed object streams, with names decoded), not by matching text: hex-escaped
// names (/J#61vaScript) and scripts inside object streams are seen as the reader would see them.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, type PDFObject } from '@cantoo/pdf-lib';

/** A kind of active content, with the error key its sentence has in both languages (locales: errors). */
export const ACTIVE_KINDS = {
  script: { key: 'pdfScript', en: 'a script (JavaScript)' },
  launch: { key: 'pdfLaunch', en: 'a Launch action (starts a program or opens a file)' },
  link: { key: 'pdfLink', en: 'a web link action (URI)' },
  form: { key: 'pdfForm', en: 'a form that submits data or an XFA form (SubmitForm, ImportData, XFA)' },
  remote: { key: 'pdfRemote', en: 'a jump into another file (GoToR, GoToE)' },
  media: { key: 'pdfMedia', en: 'embedded media (RichMedia, Movie, Sound, Rendition)' },
  embedded: { key: 'pdfEmbedded', en: 'an embedded file (EmbeddedFile, FileAttachment)' },
  automatic: { key: 'pdfAutoAction', en: 'an action run on opening or on an event (OpenAction, AA)' },
} as const;

export type ActiveKind = keyof typeof ACTIVE_KINDS;

export interface ActiveFinding {
  kind: ActiveKind;
  /** The decoded PDF name that gave it away (e.g. /JavaScript written as /J#61vaScript). */
  name: string;
  /** Where: "object 12" (and, inside an object stream, it is still its own object number). */
  object: string;
}

export type PdfScan = { ok: true; pages: number; encrypted: boolean; findings: ActiveFinding[] } | { ok: false; why: string };

// Action types (/S) and what they are.
const ACTIONS: Record<string, ActiveKind> = {
  JavaScript: 'script',
  Launch: 'launch',
  URI: 'link',
  SubmitForm: 'form',
  ImportData: 'form',
  GoToR: 'remote',
  GoToE: 'remote',
  RichMediaExecute: 'media',
  Rendition: 'media',
  Movie: 'media',
  Sound: 'media',
};
// Keys whose mere presence is active content.
const KEYS: Record<string, ActiveKind> = {
  JS: 'script',
  JavaScript: 'script',
  AA: 'automatic',
  XFA: 'form',
  EmbeddedFiles: 'embedded',
  EF: 'embedded',
  RichMediaContent: 'media',
  RichMediaSettings: 'media',
};
// Object types and annotation subtypes.
const TYPES: Record<string, ActiveKind> = {
  EmbeddedFile: 'embedded',
  FileAttachment: 'embedded',
  RichMedia: 'media',
  Movie: 'media',
  Sound: 'media',
  Screen: 'media',
};

/**
 * A name as the reader resolves it. pdf-lib decodes #xx escapes only with capital hex digits; a
 * reader accepts either case, so the rest is decoded here (decoding twice only widens what is refused).
 */
function nameOf(n: PDFName): string {
  return n.decodeText().replace(/^\//, '').replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function dictName(d: PDFDict, key: string): string | null {
  for (const [k, v] of d.entries()) if (nameOf(k) === key && v instanceof PDFName) return nameOf(v);
  return null;
}

function scanObject(root: PDFObject, object: string, out: ActiveFinding[]): void {
  const stack: PDFObject[] = [root];
  const seen = new Set<PDFObject>();
  while (stack.length) {
    const o = stack.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    const dict = o instanceof PDFStream ? o.dict : o instanceof PDFDict ? o : null;
    if (dict) {
      for (const [k, v] of dict.entries()) {
        const key = nameOf(k);
        if (KEYS[key]) out.push({ kind: KEYS[key], name: key, object });
        // An OpenAction that is a destination (an array: "open at page 1") only moves the view; an action does more.
        if (key === 'OpenAction' && !(v instanceof PDFArray)) {
          const target = v instanceof PDFDict ? dictName(v, 'S') : null;
          if (target !== 'GoTo') out.push({ kind: 'automatic', name: 'OpenAction', object });
        }
        if ((key === 'S' || key === 'Type' || key === 'Subtype') && v instanceof PDFName) {
          const value = nameOf(v);
          if (key === 'S' && ACTIONS[value]) out.push({ kind: ACTIONS[value], name: value, object });
          if (key !== 'S' && TYPES[value]) out.push({ kind: TYPES[value], name: value, object });
        }
        stack.push(v);
      }
    } else if (o instanceof PDFArray) {
      for (const v of o.asArray()) stack.push(v);
    }
  }
}

/** Parses the PDF and lists every piece of active content, in object order. */
export async function scanPdf(bytes: Uint8Array): Promise<PdfScan> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
  } catch (e) {
    return { ok: false, why: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
  const findings: ActiveFinding[] = [];
  const objects = doc.context.enumerateIndirectObjects().sort(([a], [b]) => a.objectNumber - b.objectNumber);
  for (const [ref, o] of objects) scanObject(o, `object ${ref.objectNumber}`, findings);
  // The trailer's dictionary (Root, Info, Encrypt) is not an indirect object: scan it too.
  const trailer = doc.context.trailerInfo;
  for (const v of [trailer.Root, trailer.Info, trailer.Encrypt]) if (v && !(v instanceof PDFRef)) scanObject(v, 'the trailer', findings);
  let pages = 0;
  try {
    pages = doc.getPageCount();
  } catch {
    return { ok: false, why: 'it has no readable page tree' };
  }
  return { ok: true, pages, encrypted: doc.isEncrypted, findings };
}
