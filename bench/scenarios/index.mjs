// The scenario groups, in the order a full run measures them.
import { floodGroup } from './flood.mjs'
import { loginGroup } from './login.mjs'
import { memoryGroup } from './memory.mjs'
import { stormGroup } from './storm.mjs'
import { storeGroup } from './store.mjs'
import { verifyGroup } from './verify.mjs'

export const GROUPS = {
  verify: verifyGroup,
  store: storeGroup,
  login: loginGroup,
  flood: floodGroup,
  storm: stormGroup,
  memory: memoryGroup
}
