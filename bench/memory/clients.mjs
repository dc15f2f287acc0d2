// Realistic client details for stored sessions: current browser user agents (as sent,
// 100–150 characters), a desktop app on Electron, native HTTP clients, and addresses, a
// fifth of them IPv6. Not the list the Redis store's user-agent dictionary was written
// from (src/redis/user-agent-codec.ts): that one is the agents' public shapes, and this one
// keeps agents it does not spell out (full Chrome versions, a Pixel's model, Slack's own
// tokens, an app's own agent).
import { randomBytes, randomInt } from 'node:crypto'

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'okhttp/4.12.0',
  'MyApp/5.2.1 (iPhone; iOS 18.1; Scale/3.00)',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 OPR/114.0.0.0',
  'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.41.105 Chrome/130.0.6723.191 Electron/33.2.0 Safari/537.36'
]

export function userAgentAt (i) {
  return USER_AGENTS[i % USER_AGENTS.length]
}

export function randomIp () {
  if (randomInt(5) === 0) {
    const groups = randomBytes(8).toString('hex').match(/.{4}/g).map((g) => g.replace(/^0+(?=.)/, ''))
    return `2a01:${groups.slice(0, 3).join(':')}::${groups[3]}`
  }
  return [randomInt(1, 224), randomInt(256), randomInt(256), randomInt(1, 255)].join('.')
}
