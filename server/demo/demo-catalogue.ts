import type { ContractOption } from '../db/schema.ts';
import type { Climate } from './consumption-model.ts';

/**
 * The fixed facts of the demo portfolio: who the clients are, where their residences stand
 * and how they are built and fitted. Names and addresses are invented but shaped like the
 * operator's files (upper-case streets, 8-digit codes).
 */
export type ClientKey = 'syndic' | 'bailleur';

export const DEMO_CLIENTS: ReadonlyArray<{ key: ClientKey; name: string; kind: 'syndic' | 'bailleur' }> = [
  { key: 'syndic', name: 'Cabinet Thau Gestion', kind: 'syndic' },
  { key: 'bailleur', name: 'Logivert Habitat', kind: 'bailleur' },
];

export type ContractKey = 'syndic-portal' | 'bailleur-reading-only' | 'bailleur-portal';

export const DEMO_CONTRACTS: ReadonlyArray<{
  key: ContractKey;
  clientKey: ClientKey;
  reference: string;
  bookedOptions: ContractOption[];
}> = [
  { key: 'syndic-portal', clientKey: 'syndic', reference: 'DEMO-CTG-2021-014', bookedOptions: ['remote_reading', 'resident_portal'] },
  { key: 'bailleur-reading-only', clientKey: 'bailleur', reference: 'DEMO-LVH-2020-003', bookedOptions: ['remote_reading'] },
  { key: 'bailleur-portal', clientKey: 'bailleur', reference: 'DEMO-LVH-2022-011', bookedOptions: ['remote_reading', 'resident_portal'] },
];

export type ResidenceKey = 'garnison' | 'tamaris' | 'oliviers' | 'blandan' | 'tonkin' | 'mistral';

/** How the water is metered: the operator's own devices, or other makes (ITRON water, KAMSTRUP heat). */
type Equipment = 'operator' | 'other-makes';
type Heating = 'heat-cost-allocators' | 'heat-meters' | 'none';

export interface ResidenceSpec {
  key: ResidenceKey;
  contractKey: ContractKey;
  buildingCode: string;
  name: string | null;
  street: string;
  postalCode: string;
  city: string;
  climate: Omit<Climate, 'seed'>;
  /** Days before the reference date it was published; null: not yet published. */
  publishedDaysAgo: number | null;
  buildings: readonly string[];
  staircases: readonly string[];
  floors: number;
  dwellingsPerFloor: number;
  clientNumberPrefix: string;
  equipment: Equipment;
  heating: Heating;
}

export const SEED_BUILDING_CODE = '50001369';
export const SEED_DWELLING_CODE = '01030001';
export const SEED_CLIENT_NUMBER = '5151 0008';
export const SEED_COLD_WATER_SERIAL = '542361524';

const MEDITERRANEAN: Omit<Climate, 'seed'> = { meanCelsius: 15.5, amplitudeCelsius: 8.5 };
const RHONE: Omit<Climate, 'seed'> = { meanCelsius: 12.5, amplitudeCelsius: 10 };

export const DEMO_RESIDENCES: readonly ResidenceSpec[] = [
  {
    key: 'garnison',
    contractKey: 'syndic-portal',
    buildingCode: SEED_BUILDING_CODE,
    name: null,
    street: 'RUE DE LA GARNISON BATIMENT D',
    postalCode: '34300',
    city: 'LE CAP D AGDE',
    climate: MEDITERRANEAN,
    publishedDaysAgo: 640,
    buildings: ['01'],
    staircases: ['01', '02', '03'],
    floors: 4,
    dwellingsPerFloor: 3,
    clientNumberPrefix: '5151',
    equipment: 'operator',
    heating: 'heat-cost-allocators',
  },
  {
    key: 'tamaris',
    contractKey: 'syndic-portal',
    buildingCode: '50001377',
    name: 'Résidence Les Tamaris',
    street: '18 BOULEVARD DE VERDUN',
    postalCode: '34200',
    city: 'SETE',
    climate: MEDITERRANEAN,
    publishedDaysAgo: 410,
    buildings: ['01', '02'],
    staircases: ['01'],
    floors: 5,
    dwellingsPerFloor: 4,
    clientNumberPrefix: '5163',
    equipment: 'operator',
    heating: 'heat-cost-allocators',
  },
  {
    key: 'oliviers',
    contractKey: 'syndic-portal',
    buildingCode: '50002114',
    name: 'Le Clos des Oliviers',
    street: '7 RUE DES ETUVES',
    postalCode: '34000',
    city: 'MONTPELLIER',
    climate: MEDITERRANEAN,
    publishedDaysAgo: null,
    buildings: ['01'],
    staircases: ['01', '02'],
    floors: 5,
    dwellingsPerFloor: 2,
    clientNumberPrefix: '5178',
    equipment: 'operator',
    heating: 'heat-cost-allocators',
  },
  {
    key: 'blandan',
    contractKey: 'bailleur-reading-only',
    buildingCode: '69004521',
    name: 'Résidence Parc Blandan',
    street: '25 RUE DU REPOS',
    postalCode: '69007',
    city: 'LYON',
    climate: RHONE,
    publishedDaysAgo: 820,
    buildings: ['01', '02', '03'],
    staircases: ['01'],
    floors: 5,
    dwellingsPerFloor: 2,
    clientNumberPrefix: 'LV07',
    equipment: 'operator',
    heating: 'heat-cost-allocators',
  },
  {
    key: 'tonkin',
    contractKey: 'bailleur-portal',
    buildingCode: '69011873',
    name: 'Les Jardins du Tonkin',
    street: '40 AVENUE ROGER SALENGRO',
    postalCode: '69100',
    city: 'VILLEURBANNE',
    climate: RHONE,
    publishedDaysAgo: 300,
    buildings: ['A', 'B'],
    staircases: ['01'],
    floors: 4,
    dwellingsPerFloor: 3,
    clientNumberPrefix: 'LV69',
    equipment: 'other-makes',
    heating: 'heat-meters',
  },
  {
    key: 'mistral',
    contractKey: 'bailleur-portal',
    buildingCode: '50004410',
    name: 'Résidence Le Mistral',
    street: '112 BOULEVARD DE LA BLANCARDE',
    postalCode: '13004',
    city: 'MARSEILLE',
    climate: MEDITERRANEAN,
    publishedDaysAgo: 520,
    buildings: ['01'],
    staircases: ['01', '02', '03'],
    floors: 5,
    dwellingsPerFloor: 2,
    clientNumberPrefix: 'LV13',
    equipment: 'operator',
    heating: 'none',
  },
];

export const HEAT_COST_ALLOCATOR_ROOMS = ['Séjour', 'Chambre 1', 'Cuisine', 'Chambre 2', 'Chambre 3'] as const;
export const WATER_METER_LOCATIONS = ['Salle de bain', 'Cuisine', 'Placard technique'] as const;
export const COMMON_AREA_WATER_LOCATION = 'Gaine palière';

export const FIRST_NAMES = {
  madame: ['Camille', 'Sophie', 'Léa', 'Nathalie', 'Isabelle', 'Chloé', 'Manon', 'Émilie', 'Sandrine', 'Inès', 'Julie', 'Anne'],
  monsieur: ['Julien', 'Thomas', 'Nicolas', 'Karim', 'Pierre', 'Antoine', 'Lucas', 'Mathieu', 'Olivier', 'Yann', 'Hugo', 'Marc'],
} as const;

export const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent',
  'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'Andre', 'Mercier',
  'Blanc', 'Guerin', 'Boyer', 'Garnier', 'Chevalier', 'Francois', 'Legrand', 'Gauthier', 'Perrin', 'Robin', 'Clement', 'Morin',
] as const;
