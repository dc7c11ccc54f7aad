import PDFDocument from 'pdfkit';

export const PDF_COLORS = { red: '#c8102e', ink: '#1a1a1a', muted: '#4a4a4a' } as const;

/**
 * A new French A4 document and the whole file it will be once ended: the caller draws on
 * `document`, calls `document.end()`, then awaits `finished`.
 */
export function startA4Pdf(title: string): { document: PDFKit.PDFDocument; finished: Promise<Buffer> } {
  const document = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Author: 'Mes suivis de consommation' }, lang: 'fr-FR' });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  return { document, finished };
}
