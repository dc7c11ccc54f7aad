import { managerResidenceCosts } from '#shared/contracts/tariffs.ts';
import { getManagerResidenceCosts } from './manager-costs.service.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import type { AccessPolicy } from '../../http/access.ts';
import { managerOf } from '../../http/guards.ts';
import { renderDocumentPdf } from './document-pdf.ts';
import { exportConsentedDailyCsv, getConsentedDailyConsumption } from './consented-daily.service.ts';
import { consentedDaily, documentDetail, documentList, residenceDetail, residencePage, signupKit } from '#shared/contracts/managers.ts';
import { dailyRangeQuery, documentParams, dwellingParams, residencePageQuery, residenceParams } from './managers.schemas.ts';
import {
  exportSignupCodesCsv,
  getManagerDocument,
  getManagerResidence,
  listManagerDocuments,
  listManagerResidences,
} from './managers.service.ts';
import { displayAddress, renderSignupFlyerPdf, renderSignupQrPng, renderSignupQrSvg, signupAddress } from './signup-kit.ts';

const managerAccess: AccessPolicy = { kind: 'manager' };
const tags = ['manager space'];

/** The manager space « MonCompte »: residences, « Mes documents », the residents' sign-up kit. */
export function managerRoutes(context: AppContext): FastifyPluginAsyncZod {
  const address = signupAddress(context.config.publicUrl);
  // The kit is the same for every manager: render each file once per process.
  const renderOnce = <T>(render: () => Promise<T>) => {
    let rendered: Promise<T> | undefined;
    return () => (rendered ??= render());
  };
  const qrPng = renderOnce(() => renderSignupQrPng(address));
  const qrSvg = renderOnce(() => renderSignupQrSvg(address));
  const flyerPdf = renderOnce(() => renderSignupFlyerPdf(address));

  return async (app) => {
    app.get(
      '/manager/residences',
      { config: { access: managerAccess }, schema: { tags, summary: 'The residences this manager sees, searched and paginated', querystring: residencePageQuery, response: { 200: residencePage } } },
      async (request) => listManagerResidences(context, managerOf(request), request.query),
    );

    app.get(
      '/manager/residences/:residenceId',
      { config: { access: managerAccess }, schema: { tags, summary: 'One residence and its dwellings', params: residenceParams, response: { 200: residenceDetail } } },
      async (request) => getManagerResidence(context, managerOf(request), request.params.residenceId),
    );

    app.get(
      '/manager/residences/:residenceId/costs',
      { config: { access: managerAccess }, schema: { tags, summary: 'The residence’s estimated costs (€) and CO₂ (kg CO₂e) per month and year, with the tariffs used; not a bill', params: residenceParams, response: { 200: managerResidenceCosts } } },
      async (request) => getManagerResidenceCosts(context, managerOf(request), request.params.residenceId),
    );

    app.get(
      '/manager/residences/:residenceId/signup-codes.csv',
      { config: { access: managerAccess }, schema: { tags, summary: 'Building code and dwelling references, for the two-step sign-up', params: residenceParams } },
      async (request, reply) => {
        const csv = await exportSignupCodesCsv(context, managerOf(request), request.params.residenceId);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="codes-inscription-${request.params.residenceId}.csv"`)
          .send(`\uFEFF${csv}`);
      },
    );

    app.get(
      '/manager/dwellings/:dwellingId/daily',
      {
        config: { access: managerAccess },
        schema: { tags, summary: 'Daily consumption of a dwelling whose resident allowed it', params: dwellingParams, querystring: dailyRangeQuery, response: { 200: consentedDaily } },
      },
      async (request) => getConsentedDailyConsumption(context, managerOf(request), request.params.dwellingId, request.query),
    );

    app.get(
      '/manager/dwellings/:dwellingId/daily.csv',
      { config: { access: managerAccess }, schema: { tags, summary: 'The same, as CSV', params: dwellingParams, querystring: dailyRangeQuery } },
      async (request, reply) => {
        const { dwelling, csv } = await exportConsentedDailyCsv(context, managerOf(request), request.params.dwellingId, request.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="consommations-${dwelling.buildingCode}-${dwelling.dwellingCode}.csv"`)
          .send(`\uFEFF${csv}`);
      },
    );

    app.get(
      '/manager/documents',
      { config: { access: managerAccess }, schema: { tags, summary: '« Mes documents »', response: { 200: documentList } } },
      async (request) => ({ documents: await listManagerDocuments(context, managerOf(request)) }),
    );

    app.get(
      '/manager/documents/:documentId',
      { config: { access: managerAccess }, schema: { tags, summary: 'One document, to read', params: documentParams, response: { 200: documentDetail } } },
      async (request) => getManagerDocument(context, managerOf(request), request.params.documentId),
    );

    app.get(
      '/manager/documents/:documentId/download',
      { config: { access: managerAccess }, schema: { tags, summary: 'One document, as a PDF file', params: documentParams } },
      async (request, reply) => {
        const document = await getManagerDocument(context, managerOf(request), request.params.documentId);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="document-${document.id}.pdf"`)
          .send(await renderDocumentPdf(document));
      },
    );

    app.get(
      '/manager/kit',
      { config: { access: managerAccess }, schema: { tags, summary: 'The sign-up address and where to download its QR code and flyer', response: { 200: signupKit } } },
      async () => ({
        address,
        displayAddress: displayAddress(address),
        qrPngUrl: '/api/manager/kit/qr-code.png',
        qrSvgUrl: '/api/manager/kit/qr-code.svg',
        flyerPdfUrl: '/api/manager/kit/flyer.pdf',
      }),
    );

    app.get('/manager/kit/qr-code.png', { config: { access: managerAccess }, schema: { tags, summary: 'QR code of the sign-up address (PNG)' } }, async (_request, reply) =>
      reply.type('image/png').header('content-disposition', 'attachment; filename="qr-code-inscription.png"').send(await qrPng()),
    );

    app.get('/manager/kit/qr-code.svg', { config: { access: managerAccess }, schema: { tags, summary: 'QR code of the sign-up address (SVG)' } }, async (_request, reply) =>
      reply.type('image/svg+xml').header('content-disposition', 'attachment; filename="qr-code-inscription.svg"').send(await qrSvg()),
    );

    app.get('/manager/kit/flyer.pdf', { config: { access: managerAccess }, schema: { tags, summary: 'Printable A4 flyer (PDF)' } }, async (_request, reply) =>
      reply.type('application/pdf').header('content-disposition', 'attachment; filename="flyer-inscription.pdf"').send(await flyerPdf()),
    );
  };
}
