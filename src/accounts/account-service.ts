import type { FastifyBaseLogger } from 'fastify'
import { AccessTokenInvalidError, EmailTakenError, InvalidCredentialsError } from '../errors.js'
import { newId } from '../ids.js'
import type { ClientInfo, SessionService, TokenPair } from '../sessions/session-service.js'
import type { UserRecord, UserStore } from '../stores/types.js'
import type { PasswordHasher } from './password.js'

export interface PublicUser {
  id: string
  email: string
  name?: string
  role: string
  createdAt: string
}

export interface SignedIn {
  user: PublicUser
  tokens: TokenPair
}

export interface AccountService {
  register: (input: { email: string, password: string, name?: string }, client: ClientInfo) => Promise<SignedIn>
  login: (input: { email: string, password: string }, client: ClientInfo) => Promise<SignedIn>
  changePassword: (userId: string, input: { currentPassword: string, newPassword: string }, client: ClientInfo) => Promise<SignedIn>
  profile: (userId: string) => Promise<PublicUser>
}

export interface AccountServiceDeps {
  users: UserStore
  sessions: SessionService
  passwords: PasswordHasher
  log: FastifyBaseLogger
}

const DEFAULT_ROLE = 'user'

/** Emails are unique without regard to case or surrounding spaces. */
export function normalizeEmail (email: string): string {
  return email.trim().toLowerCase()
}

export function toPublicUser (user: UserRecord): PublicUser {
  return {
    id: user.id,
    email: user.email,
    ...(user.name !== undefined && { name: user.name }),
    role: user.role,
    createdAt: new Date(user.createdAtMs).toISOString()
  }
}

export function createAccountService ({ users, sessions, passwords, log }: AccountServiceDeps): AccountService {
  async function checkPassword (email: string, password: string): Promise<UserRecord> {
    const user = await users.findByEmail(normalizeEmail(email))
    if (user === null) {
      await passwords.verifyDummy(password)
      throw new InvalidCredentialsError()
    }
    if (!await passwords.verify(user.passwordHash, password)) throw new InvalidCredentialsError()
    return user
  }

  return {
    async register ({ email, password, name }, client) {
      const user: UserRecord = {
        id: newId(),
        email: normalizeEmail(email),
        role: DEFAULT_ROLE,
        passwordHash: await passwords.hash(password),
        createdAtMs: Date.now(),
        ...(name !== undefined && { name })
      }
      if (!await users.create(user)) throw new EmailTakenError()
      return { user: toPublicUser(user), tokens: await sessions.startSession(user, client) }
    },

    async login ({ email, password }, client) {
      const user = await checkPassword(email, password)
      if (passwords.needsRehash(user.passwordHash)) {
        // The configured cost changed since this hash was made; a failure here must not
        // fail the login, the next one will try again. Only if the hash is still the one
        // just checked: a password change that landed meanwhile must not be undone.
        await users.swapPasswordHash(user.id, user.passwordHash, await passwords.hash(password))
          .catch((error: unknown) => log.warn({ err: error, userId: user.id }, 'could not rehash a password'))
      }
      return { user: toPublicUser(user), tokens: await sessions.startSession(user, client) }
    },

    async changePassword (userId, { currentPassword, newPassword }, client) {
      const user = await users.findById(userId)
      if (user === null) throw new AccessTokenInvalidError()
      if (!await passwords.verify(user.passwordHash, currentPassword)) throw new InvalidCredentialsError()
      const tokens = await sessions.restartAllSessions(user, await passwords.hash(newPassword), client)
      if (tokens === null) throw new AccessTokenInvalidError()
      return { user: toPublicUser(user), tokens }
    },

    async profile (userId) {
      const user = await users.findById(userId)
      if (user === null) throw new AccessTokenInvalidError()
      return toPublicUser(user)
    }
  }
}
