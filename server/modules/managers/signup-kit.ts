import QRCode from 'qrcode';
import { PDF_COLORS, startA4Pdf } from './pdf-output.ts';

/**
 * The kit a manager hands to residents, the same for the whole portfolio: the sign-up
 * address, its QR code and a printable A4 flyer.
 */
export function signupAddress(publicUrl: string): string {
  return `${publicUrl}/inscription`;
}

/** The address as residents type it: no scheme, no trailing slash. */
export function displayAddress(address: string): string {
  return address.replace(/^https?:\/\//, '');
}

export function renderSignupQrPng(address: string): Promise<Buffer> {
  return QRCode.toBuffer(address, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 });
}

export function renderSignupQrSvg(address: string): Promise<string> {
  return QRCode.toString(address, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

const { red: RED, ink: INK, muted: MUTED } = PDF_COLORS;

const steps = [
  {
    title: 'Rendez-vous sur le formulaire d’inscription',
    text: 'Scannez le QR code avec votre téléphone ou saisissez l’adresse dans la barre d’adresse de votre navigateur.',
  },
  {
    title: 'Identifiez votre logement',
    text: 'Renseignez le numéro de série d’un de vos compteurs eau ou chauffage télérelevés, puis cliquez sur « Vérifier ».',
  },
  {
    title: 'Attestez être l’occupant du logement',
    text: 'Vérifiez l’adresse de votre immeuble et votre logement, puis indiquez votre date d’entrée.',
  },
  {
    title: 'Activez vos options et créez votre compte',
    text: 'Alertes en cas de fuite ou de surconsommation, puis vos informations personnelles. Un code à 6 chiffres vous est envoyé par email pour confirmer votre inscription.',
  },
];

/** An A4 page in French: what the portal is, the QR code, the address, the steps, where the serial number is. */
export async function renderSignupFlyerPdf(address: string): Promise<Buffer> {
  const qrPng = await renderSignupQrPng(address);
  const { document, finished } = startA4Pdf('Mes suivis de consommation : inscrivez-vous en ligne');

  const pageWidth = document.page.width - 100;
  document.rect(0, 0, document.page.width, 8).fill(RED);
  document.fillColor(RED).font('Helvetica-Bold').fontSize(13).text('Portail résident', 50, 40);
  document.fillColor(INK).fontSize(26).text('Suivez vos consommations d’eau et de chauffage en ligne', { width: pageWidth });
  document
    .moveDown(0.5)
    .font('Helvetica')
    .fontSize(12)
    .fillColor(MUTED)
    .text(
      'Votre logement est équipé de compteurs télérelevés. Créez votre compte « Mes suivis de consommation » : consommations mensuelles et journalières, comparaisons, et alertes en cas de fuite ou de surconsommation.',
      { width: pageWidth },
    );

  const qrTop = document.y + 20;
  const qrSize = 170;
  document.image(qrPng, 50, qrTop, { width: qrSize, height: qrSize });
  document
    .font('Helvetica-Bold')
    .fontSize(14)
    .fillColor(INK)
    .text('Scannez ce QR code', 50 + qrSize + 25, qrTop + 30, { width: pageWidth - qrSize - 25 });
  document.font('Helvetica').fontSize(12).fillColor(MUTED).text('ou saisissez cette adresse dans votre navigateur :', {
    width: pageWidth - qrSize - 25,
  });
  document.moveDown(0.4).font('Helvetica-Bold').fontSize(18).fillColor(RED).text(displayAddress(address), {
    width: pageWidth - qrSize - 25,
    link: address,
  });

  document.y = qrTop + qrSize + 25;
  document.x = 50;
  document.font('Helvetica-Bold').fontSize(16).fillColor(INK).text('Inscrivez-vous en quelques minutes');
  steps.forEach((step, index) => {
    document.moveDown(0.6);
    const top = document.y;
    document.circle(62, top + 8, 11).fill(RED);
    document.fillColor('#ffffff').font('Helvetica-Bold').fontSize(12).text(String(index + 1), 50, top + 2, { width: 24, align: 'center' });
    document.fillColor(INK).font('Helvetica-Bold').fontSize(12).text(step.title, 85, top, { width: pageWidth - 35 });
    document.fillColor(MUTED).font('Helvetica').fontSize(11).text(step.text, 85, document.y + 2, { width: pageWidth - 35 });
  });

  document.moveDown(1.2);
  document.x = 50;
  document.font('Helvetica-Bold').fontSize(14).fillColor(INK).text('Où trouver le numéro de série ?', 50, document.y, { width: pageWidth });
  document
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(11)
    .fillColor(MUTED)
    .text(
      'Le compteur d’eau chaude est généralement dans la cuisine ou la salle de bain ; il est rouge ou comporte un liseré rouge. Le compteur d’eau froide est bleu ou comporte un liseré bleu. Le numéro de série à 9 chiffres est le chiffre le plus visible, situé juste au-dessus de l’index (les 5 chiffres sur fond noir). Le formulaire dispose d’un lien « Aide » qui vous montre où le trouver.',
      { width: pageWidth },
    );
  document
    .moveDown(0.6)
    .font('Helvetica-Bold')
    .fillColor(INK)
    .text('Votre compteur n’a pas de numéro de série à 9 chiffres (ITRON, KAMSTRUP…) ?', { width: pageWidth });
  document
    .font('Helvetica')
    .fillColor(MUTED)
    .text(
      'Inscrivez-vous en 2 étapes avec votre code immeuble puis votre référence logement. Le service client vous les communique : cliquez sur « Contacter l’assistance », en haut à droite du formulaire.',
      { width: pageWidth },
    );
  document
    .moveDown(0.6)
    .font('Helvetica-Oblique')
    .fontSize(10)
    .text(
      'Le portail est réservé aux occupants des logements. Les copropriétaires non occupants ne doivent pas s’inscrire à la place de leurs locataires.',
      { width: pageWidth },
    );

  document.end();
  return finished;
}
