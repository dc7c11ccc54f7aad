import { PDF_COLORS, startA4Pdf } from './pdf-output.ts';

const PRODUCT_NAME = 'Mes suivis de consommation';
/** The plain-text part of an email puts its footer after this line (see renderEmail). */
const FOOTER_MARK = '--\n';

export interface PrintableDocument {
  title: string;
  /** The document's plain text: paragraphs separated by a blank line. */
  text: string;
  createdAt: string;
}

function formatDate(isoInstant: string): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(isoInstant));
}

/** A document of « Mes documents » as an A4 PDF, from its plain text: what the manager reads on screen. */
export function renderDocumentPdf(printable: PrintableDocument): Promise<Buffer> {
  const { document, finished } = startA4Pdf(printable.title);
  const width = document.page.width - 100;
  document.rect(0, 0, document.page.width, 8).fill(PDF_COLORS.red);
  document.fillColor(PDF_COLORS.red).font('Helvetica-Bold').fontSize(13).text(PRODUCT_NAME, 50, 40, { width });
  document.moveDown(0.8).fillColor(PDF_COLORS.ink).fontSize(20).text(printable.title, { width });
  document.moveDown(0.3).font('Helvetica').fontSize(10).fillColor(PDF_COLORS.muted).text(`Document du ${formatDate(printable.createdAt)}`, { width });
  document.moveDown(1);

  // The text repeats the product name and the title at its top: they are drawn above already.
  const paragraphs = printable.text.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter((paragraph) => paragraph && paragraph !== PRODUCT_NAME && paragraph !== printable.title);
  for (const paragraph of paragraphs) {
    if (paragraph.startsWith(FOOTER_MARK)) {
      document.moveDown(1).font('Helvetica').fontSize(9).fillColor(PDF_COLORS.muted).text(paragraph.slice(FOOTER_MARK.length), { width });
    } else {
      document.font('Helvetica').fontSize(11).fillColor(PDF_COLORS.ink).text(paragraph, { width, lineGap: 2 }).moveDown(0.8);
    }
  }
  document.end();
  return finished;
}
