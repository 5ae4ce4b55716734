// What the reading worker sends back for one photo's text: lines in reading order, each with its
// layout box (in the upright, straightened frame the layout is judged in) and its words, whose boxes
// are in the decoded photo's frame (work pixels; the main side scales them to display pixels).
import type { Box } from '../../../../shared/types';

export interface OcrWordOut {
  text: string;
  confidence: number;
  box: Box;
}

export interface OcrLineOut {
  text: string;
  layoutBox: Box;
  box: Box;
  words: OcrWordOut[];
}

export interface PageOcr {
  lines: OcrLineOut[];
  /** Quarter turns clockwise applied to make the page upright (0–3). */
  turns: number;
  /** Small tilt straightened, degrees. */
  skew: number;
  timingsMs: { detect: number; classify: number; recognise: number; reread: number };
}
