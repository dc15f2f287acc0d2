import { StoreUnavailableError } from '../errors.js'

/**
 * Runs a store call; any failure of the backend (connection refused, offline, timed out,
 * a replica that cannot write) becomes STORE_UNAVAILABLE, with the original as `cause`.
 */
export async function orUnavailable<T> (call: Promise<T>): Promise<T> {
  try {
    return await call
  } catch (error) {
    throw new StoreUnavailableError({ cause: error })
  }
}
