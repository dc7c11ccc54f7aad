/**
 * The one layout of every email the portal sends: French HTML with a plain-text part that
 * says the same thing. Content is escaped here; callers pass plain strings.
 */
export interface EmailContent {
  heading: string;
  paragraphs: string[];
  /** A one-time code, shown large and alone on its line. */
  code?: string;
  action?: { label: string; url: string };
  /** Why the person receives this email, shown small at the bottom. */
  footer?: string;
  /** A small link under the footer (e.g. where to change the notification options). */
  footerLink?: { label: string; url: string };
  /** The email's language (`<html lang>`); French unless the recipient chose English. */
  language?: 'fr' | 'en';
}

const PRODUCT_NAME = 'Mes suivis de consommation';

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function renderEmail(content: EmailContent): { html: string; text: string } {
  const paragraphsHtml = content.paragraphs.map((paragraph) => `<p style="margin:0 0 16px">${escapeHtml(paragraph)}</p>`).join('');
  const codeHtml = content.code
    ? `<p style="margin:24px 0;font-size:32px;letter-spacing:8px;font-weight:bold;font-family:monospace">${escapeHtml(content.code)}</p>`
    : '';
  const actionHtml = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#c8102e;color:#fff;padding:12px 20px;border-radius:4px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`
    : '';
  const footerHtml = content.footer ? `<p style="margin:32px 0 0;font-size:12px;color:#555">${escapeHtml(content.footer)}</p>` : '';
  const footerLinkHtml = content.footerLink
    ? `<p style="margin:8px 0 0;font-size:12px"><a href="${escapeHtml(content.footerLink.url)}" style="color:#555">${escapeHtml(content.footerLink.label)}</a></p>`
    : '';
  const html = `<!doctype html><html lang="${content.language ?? 'fr'}"><head><meta charset="utf-8"><title>${escapeHtml(content.heading)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;background:#f5f5f5;margin:0;padding:24px">
<div style="max-width:560px;margin:0 auto;background:#fff;padding:24px;border-radius:6px">
<p style="margin:0 0 24px;font-weight:bold;color:#c8102e">${PRODUCT_NAME}</p>
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(content.heading)}</h1>
${paragraphsHtml}${codeHtml}${actionHtml}${footerHtml}${footerLinkHtml}
</div></body></html>`;

  const text = [
    PRODUCT_NAME,
    '',
    content.heading,
    '',
    ...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(content.code ? [content.code, ''] : []),
    ...(content.action ? [`${content.action.label} : ${content.action.url}`, ''] : []),
    ...(content.footer ? ['--', content.footer] : []),
    ...(content.footerLink ? [`${content.footerLink.label} : ${content.footerLink.url}`] : []),
  ].join('\n');
  return { html, text };
}
