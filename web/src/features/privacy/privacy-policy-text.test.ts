import { describe, expect, it } from 'vitest';
import { privacyPolicyText } from './privacy-policy-text.ts';

describe('privacy policy text', () => {
  it('has the same sections, in the same order and with as many points, in French and English', () => {
    const shape = (language: 'fr' | 'en') =>
      privacyPolicyText[language].sections.map((section) => [section.id, section.paragraphs.length, section.items?.length ?? 0]);
    expect(shape('en')).toEqual(shape('fr'));
  });
});
