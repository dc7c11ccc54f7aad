import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { decodeQr } from './qr-reader.ts';

/**
 * Reads back what a PDF made by pdfkit holds, for tests: its pages, its text and its
 * images (as RGBA pixels), so a test can assert what a person would see and scan.
 */
export interface PdfContent {
  pageCount: number;
  text: string;
  images: Array<{ width: number; height: number; rgba: Uint8ClampedArray }>;
}

interface PdfStream {
  dictionary: string;
  data: Buffer;
}

function readStreams(pdf: Buffer): PdfStream[] {
  const streams: PdfStream[] = [];
  const source = pdf.toString('latin1');
  const pattern = /<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    const start = match.index + match[0].length;
    const lengthMatch = /\/Length (\d+)/.exec(match[1] ?? '');
    if (!lengthMatch) continue;
    const length = Number(lengthMatch[1]);
    streams.push({ dictionary: match[1] ?? '', data: pdf.subarray(start, start + length) });
  }
  return streams;
}

/** pdfkit's standard fonts use WinAnsi: latin-1 except for 0x80–0x9F. */
const winAnsiExtras: Record<number, string> = {
  0x80: '€', 0x85: '…', 0x8c: 'Œ', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—', 0x9c: 'œ',
};

function decodeWinAnsi(bytes: Buffer): string {
  return [...bytes].map((byte) => winAnsiExtras[byte] ?? String.fromCharCode(byte)).join('');
}

function decodeText(content: string): string {
  const pieces: string[] = [];
  const operators = /\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g;
  for (let match = operators.exec(content); match; match = operators.exec(content)) {
    const hexStrings = match[1] !== undefined ? [...match[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((part) => part[1] ?? '') : [match[2] ?? ''];
    pieces.push(hexStrings.map((hex) => decodeWinAnsi(Buffer.from(hex, 'hex'))).join(''));
  }
  return pieces.join('\n');
}

function decodeImage(stream: PdfStream): PdfContent['images'][number] | undefined {
  const width = Number(/\/Width (\d+)/.exec(stream.dictionary)?.[1]);
  const height = Number(/\/Height (\d+)/.exec(stream.dictionary)?.[1]);
  const colors = /\/DeviceRGB/.test(stream.dictionary) ? 3 : 1;
  if (!width || !height) return undefined;
  if (/\/Predictor 1[0-5]/.test(stream.dictionary)) {
    // PNG-predicted data: wrap it back into a PNG file and let pngjs undo the filters.
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header.writeUInt8(8, 8);
    header.writeUInt8(colors === 3 ? 2 : 0, 9);
    const png = PNG.sync.read(Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', stream.data), chunk('IEND', Buffer.alloc(0))]));
    return { width, height, rgba: new Uint8ClampedArray(png.data) };
  }
  const pixels = inflateSync(stream.data);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let index = 0; index < width * height; index += 1) {
    for (let channel = 0; channel < 3; channel += 1) rgba[index * 4 + channel] = pixels[index * colors + (colors === 3 ? channel : 0)] ?? 0;
    rgba[index * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function readPdf(pdf: Buffer): PdfContent {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('Not a PDF: no %PDF- header');
  if (!pdf.subarray(-64).toString('latin1').includes('%%EOF')) throw new Error('Not a complete PDF: no %%EOF');
  const streams = readStreams(pdf);
  const text = streams
    .filter((stream) => !/\/Subtype \/Image/.test(stream.dictionary) && /\/FlateDecode/.test(stream.dictionary))
    .map((stream) => decodeText(inflateSync(stream.data).toString('latin1')))
    .join('\n');
  const images = streams
    .filter((stream) => /\/Subtype \/Image/.test(stream.dictionary))
    .map(decodeImage)
    .filter((image): image is NonNullable<typeof image> => image !== undefined);
  const pageCount = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  return { pageCount, text, images };
}

/** The contents of every QR code among the PDF's images. */
export function readQrCodes(content: PdfContent): string[] {
  return content.images.map((image) => decodeQr(image.rgba, image.width, image.height)).filter((data): data is string => Boolean(data));
}
