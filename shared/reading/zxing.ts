// @zxing/library ships CommonJS whose names Node's ESM loader cannot see; Vite sees its ESM build.
// One import here gives both runtimes the same named classes.
import * as zxingNamespace from '@zxing/library';

type Zx = typeof zxingNamespace;
const zx: Zx = ((zxingNamespace as unknown as { default?: Zx }).default ?? zxingNamespace) as Zx;

export const {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  MultiFormatOneDReader,
  Code39Reader,
  QRCodeReader,
  DataMatrixReader,
  PDF417Reader,
  RGBLuminanceSource,
  EAN13Reader,
  OneDReader,
  Result,
  ResultPoint,
  NotFoundException,
  ChecksumException,
} = zx;
export type ZxResult = zxingNamespace.Result;
export type ZxFormat = zxingNamespace.BarcodeFormat;
export type ZxReader = zxingNamespace.Reader;
export type ZxHint = zxingNamespace.DecodeHintType;
export type ZxBitArray = zxingNamespace.BitArray;
