// The public surface of authgate, listed explicitly.
export { default, default as authgate } from './plugin.js'
export type { AuthgateOptions, Duration, RateLimitSetting } from './options.js'
export type { Authenticate } from './authenticate.js'
export type { AccessClaims } from './tokens/access-token.js'
export type {
  NewSession, RotateRequest, RotateResult, SessionInfo, SessionKey, SessionStore, Stores, UserRecord, UserStore
} from './stores/types.js'
export { createMemoryStores } from './stores/memory-stores.js'
export { createRedisStores, type RedisStoresOptions } from './redis/redis-stores.js'
export { createRedisClient, FAIL_FAST } from './redis/connect.js'
export { buildApp, type BuildAppOptions } from './app.js'
export { loadConfig, ConfigError, type Config } from './config.js'
export {
  AccessTokenExpiredError, AccessTokenInvalidError, AccessTokenMissingError, BodyTooLargeError, CrossSiteRequestError,
  EmailTakenError, InternalError, InvalidCredentialsError, InvalidJsonError, RateLimitedError, RefreshTokenInQueryError,
  RefreshTokenInvalidError, RefreshTokenMissingError, RefreshTokenReusedError, RouteNotFoundError, SessionNotFoundError,
  StoreUnavailableError, UnsupportedMediaTypeError, ValidationFailedError
} from './errors.js'
