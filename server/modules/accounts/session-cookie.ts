import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';

/**
 * The session cookie. Over https it is `__Host-session`: the browser then insists on Secure,
 * Path=/ and no Domain, so no sibling host can set or shadow it. Browsers refuse `__Host-`
 * cookies over plain http, so a portal run locally on http://localhost uses a cookie named
 * plainly `session`, without Secure.
 */
function isServedOverHttps(config: Config): boolean {
  return config.publicUrl.startsWith('https://');
}

export function sessionCookieName(config: Config): string {
  return isServedOverHttps(config) ? '__Host-session' : 'session';
}

function cookieOptions(config: Config) {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: isServedOverHttps(config) } as const;
}

export function readSessionToken(request: FastifyRequest, config: Config): string | undefined {
  const token = request.cookies[sessionCookieName(config)];
  return token && token.length > 0 ? token : undefined;
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string, maxAgeMs: number): void {
  reply.setCookie(sessionCookieName(config), token, { ...cookieOptions(config), maxAge: Math.floor(maxAgeMs / 1000) });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config), cookieOptions(config));
}
