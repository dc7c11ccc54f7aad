import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { readPdf, readQrCodes } from '../../test/pdf-reader.ts';
import { decodeQr } from '../../test/qr-reader.ts';
import { renderSignupFlyerPdf, renderSignupQrPng, renderSignupQrSvg, signupAddress } from './signup-kit.ts';

const address = signupAddress('https://monespace.example');

describe('the sign-up kit', () => {
  it('points at the one sign-up address of the whole portfolio', () => {
    expect(address).toBe('https://monespace.example/inscription');
  });

  it('gives a PNG QR code that a reader decodes to the sign-up address', async () => {
    const png = PNG.sync.read(await renderSignupQrPng(address));
    expect(decodeQr(new Uint8ClampedArray(png.data), png.width, png.height)).toBe(address);
  });

  it('gives an SVG QR code', async () => {
    const svg = await renderSignupQrSvg(address);
    expect(svg).toMatch(/^<svg[^>]*viewBox/);
    expect(svg).toContain('<path');
  });

  it('prints a one-page French flyer with the address, a scannable QR code and the note on other makes', async () => {
    const flyer = readPdf(await renderSignupFlyerPdf(address));
    expect(flyer.pageCount).toBe(1);
    expect(flyer.text).toContain('monespace.example/inscription');
    expect(flyer.text).toContain('numéro de série à 9 chiffres');
    expect(flyer.text).toContain('ITRON, KAMSTRUP');
    expect(flyer.text).toContain('Contacter l’assistance');
    expect(readQrCodes(flyer)).toEqual([address]);
  });
});
