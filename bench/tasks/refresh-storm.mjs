// API.md rule 7 under fire: `size` clients present the same refresh token at once, each on
// its own connection. Every 200 must carry the same successor; none may be a 5xx.
import { Agent, request } from 'node:http'

/** params: { url, token, transport: 'cookie' | 'body', size } */
export async function runRefreshStorm ({ url, token, transport, size }) {
  const agent = new Agent({ keepAlive: false, maxSockets: size })
  const answers = await Promise.all(Array.from({ length: size }, () => refresh(agent, url, token, transport)))
  agent.destroy()
  const statuses = {}
  for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1
  const successors = new Set(answers.filter((a) => a.status === 200).map((a) => a.token))
  const [successor] = successors
  // The one successor works; after it has been used, the original is reuse (rule 3).
  const successorAnswer = successor === undefined ? undefined : await refresh(undefined, url, successor, 'body')
  const originalAnswer = await refresh(undefined, url, token, 'body')
  return {
    size,
    transport,
    statuses,
    serverErrors: answers.filter((a) => a.status >= 500).length,
    distinctSuccessors: successors.size,
    successorStatus: successorAnswer?.status ?? null,
    originalAfterwards: `${originalAnswer.status} ${originalAnswer.code ?? ''}`.trim()
  }
}

function refresh (agent, url, token, transport) {
  const headers = transport === 'cookie' ? { cookie: `refresh_token=${token}` } : { 'content-type': 'application/json' }
  const body = transport === 'cookie' ? '' : JSON.stringify({ refreshToken: token })
  return new Promise((resolve, reject) => {
    const req = request(`${url}/auth/refresh`, { method: 'POST', agent, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => { text += chunk })
      res.once('end', () => {
        const cookie = /refresh_token=([^;]+)/.exec(String(res.headers['set-cookie'] ?? ''))
        let json = {}
        try { json = JSON.parse(text) } catch {}
        resolve({ status: res.statusCode, token: json.refreshToken ?? cookie?.[1], code: json.code })
      })
    })
    req.once('error', reject)
    req.end(body)
  })
}
