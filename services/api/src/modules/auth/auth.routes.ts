import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuthSession, LoginRequest, PasswordChange, Principal, ref } from '@trajectoires/contract'
import Type from 'typebox'
import { access } from '../../lib/access.js'
import { sessionCookie } from '../../plugins/auth.js'
import type { AuthService } from './auth.service.js'

const tags = ['Authentication']

export const authRoutes: FastifyPluginAsyncTypebox<{ service: AuthService; cookieSecure: boolean }> = async (
  app,
  { service, cookieSecure },
) => {
  app.post(
    '/auth/login',
    {
      // Credentials are not read here, so that an expired cookie never stands in the way of logging in.
      config: {
        access: access.open,
        idempotency: false,
        openapi: { problems: { 401: 'The e-mail or password is wrong, or the account is disabled.' } },
      },
      schema: {
        operationId: 'login',
        tags,
        summary: 'Log in to the dashboard',
        description:
          'Checks the e-mail and password of a staff account and sets the session cookie (`trj_session`: HttpOnly, SameSite=Strict, Secure outside local development). The answer carries the CSRF token to send in `x-csrf-token` with every write. A wrong e-mail or password gets 401; repeated failures get 429 with `Retry-After`.',
        body: ref(LoginRequest),
        response: { 200: ref(AuthSession) },
      },
    },
    async (request, reply) => {
      const { token, session, expiresAt } = await service.login(request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      })
      return reply
        .setCookie(sessionCookie, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: cookieSecure,
          expires: expiresAt,
        })
        .header('cache-control', 'no-store')
        .send(session)
    },
  )

  app.post(
    '/auth/logout',
    {
      config: { access: access.public, idempotency: false },
      schema: {
        operationId: 'logout',
        tags,
        summary: 'Log out',
        description: 'Ends the session of the cookie and clears the cookie. Without a session, does nothing.',
        response: { 204: Type.Null({ description: 'Logged out.' }) },
      },
    },
    async (request, reply) => {
      await service.logout(request.authSession, request.principal)
      return reply.clearCookie(sessionCookie, { path: '/' }).code(204).send(null)
    },
  )

  app.get(
    '/auth/session',
    {
      config: { access: access.public },
      schema: {
        operationId: 'getSession',
        tags,
        summary: 'The current dashboard session',
        description:
          'Whether the session cookie is valid, the account, and the CSRF token to send with writes. Without a session: `authenticated: false`.',
        response: { 200: ref(AuthSession) },
      },
    },
    async (request, reply) =>
      reply.header('cache-control', 'no-store').send(await service.session(request.authSession, request.principal)),
  )

  app.get(
    '/auth/me',
    {
      config: { access: access.authenticated },
      schema: {
        operationId: 'getPrincipal',
        tags,
        summary: 'Who am I?',
        description: 'The account or API key the request is made with, and the campuses it reaches.',
        response: { 200: ref(Principal) },
      },
    },
    (request) => service.me(request.principal),
  )

  app.post(
    '/auth/password',
    {
      config: { access: access.staff, idempotency: false },
      schema: {
        operationId: 'changePassword',
        tags,
        summary: 'Change my password',
        description:
          'For the logged-in account: the current password, and a new one of 12 characters or more. The account’s other sessions are closed.',
        body: ref(PasswordChange),
        response: { 204: Type.Null({ description: 'Changed.' }) },
      },
    },
    async (request, reply) => {
      await service.changePassword(request.principal, request.authSession?.tokenHash, request.body, request.ip)
      return reply.code(204).send(null)
    },
  )
}
