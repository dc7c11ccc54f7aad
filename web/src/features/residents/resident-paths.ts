import type { Fluid } from './residents-api.ts';

/** The resident space's addresses, relative to /mon-espace. */
export const residentPaths = {
  consumption: 'consommations',
  monthlyInformation: 'information-mensuelle',
  alerts: 'alertes',
  options: 'options',
  profile: 'profil',
  data: 'mes-donnees',
} as const;

/** Each fluid's page, by a French word rather than the API's name. */
const fluidSlugs: Record<Fluid, string> = { hot_water: 'eau-chaude', cold_water: 'eau-froide', heating: 'chauffage' };

export function fluidOfSlug(slug: string | undefined): Fluid | undefined {
  return (Object.keys(fluidSlugs) as Fluid[]).find((fluid) => fluidSlugs[fluid] === slug);
}

const ROOT = '/mon-espace';

// Absolute addresses: a relative one would resolve against the whole URL inside the /mon-espace/* splat route.
export const residentLinks = {
  home: () => ROOT,
  fluid: (fluid: Fluid) => `${ROOT}/${residentPaths.consumption}/${fluidSlugs[fluid]}`,
  monthlyInformation: () => `${ROOT}/${residentPaths.monthlyInformation}`,
  alerts: () => `${ROOT}/${residentPaths.alerts}`,
  options: () => `${ROOT}/${residentPaths.options}`,
  profile: () => `${ROOT}/${residentPaths.profile}`,
  data: () => `${ROOT}/${residentPaths.data}`,
};
