import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { buildDevice, buildResidence } from './factories.ts';

/** Test helpers for the sign-up: a browser-like client that keeps the attempt cookie, and the seed's answers. */
export interface SignupClient {
  call(method: InjectOptions['method'], url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  readonly token: string | undefined;
}

let clientCount = 0;

/** Each client comes from its own address unless told, so the look-up limit per address stays out of the way. */
export function signupClient(app: FastifyInstance, options: { ip?: string } = {}): SignupClient {
  let token: string | undefined;
  clientCount += 1;
  const ip = options.ip ?? `198.51.${Math.floor(clientCount / 250)}.${(clientCount % 250) + 1}`;
  return {
    async call(method, url, payload) {
      const response = await app.inject({
        method,
        url,
        ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
        headers: token ? { cookie: `signup_attempt=${token}` } : {},
        remoteAddress: ip,
      });
      const cookie = response.cookies.find((candidate) => candidate.name === 'signup_attempt');
      if (cookie) token = cookie.value === '' ? undefined : cookie.value;
      return response;
    },
    get token() {
      return token;
    },
  };
}

const STRONG_PASSWORD = 'Garnison-Agde-2024';

export const seedProfile = { isOwner: false, movedInOn: '2024-05-12', councilMember: 'no' } as const;
export const seedOptions = { notifyLeakByEmail: true, notifyLeakBySms: true, notifyOverconsumption: false, managerMaySeeDaily: true } as const;

export function seedPersonalInfo(overrides: Record<string, unknown> = {}) {
  return {
    civility: 'madame',
    lastName: 'Marciale',
    firstName: 'Marseille',
    mobile: '+33 06 11 54 65 87',
    email: 'marcialemars@gmail.com',
    password: STRONG_PASSWORD,
    acceptsPrivacyPolicy: true,
    subscribesNewsletter: false,
    ...overrides,
  };
}

/** A published residence whose contract books « Portail résident », with one cold-water meter. */
export async function buildSignupDwelling(db: Kysely<Database>, overrides: { serialNumber?: string; residence?: Parameters<typeof buildResidence>[1] } = {}) {
  const residence = await buildResidence(db, overrides.residence ?? {});
  const device = await buildDevice(db, {
    residence_id: residence.id,
    kind: 'cold_water',
    ...(overrides.serialNumber ? { serial_number: overrides.serialNumber } : {}),
  });
  return { residence, device };
}

/** Drives a client through steps 1 to 5 for a device; returns the last response. */
export async function signUpUntilCode(client: SignupClient, serialNumber: string, personalInfo: Record<string, unknown> = seedPersonalInfo()) {
  const steps: Array<[string, unknown]> = [
    ['/api/signup/identify/serial-number', { deviceType: 'unknown', serialNumber }],
    ['/api/signup/attestation', { isCurrentOccupant: true }],
    ['/api/signup/profile', seedProfile],
    ['/api/signup/options', seedOptions],
    ['/api/signup/personal-info', personalInfo],
  ];
  let response: LightMyRequestResponse | undefined;
  for (const [url, payload] of steps) {
    response = await client.call('POST', url, payload);
    if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
  }
  return response!;
}

export { emailsSentTo, lastCodeSentTo } from './sent-mail.ts';
