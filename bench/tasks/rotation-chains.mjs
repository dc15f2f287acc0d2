// Refresh-token rotation chains under autocannon: every connection carries its own
// session and always presents the token it was last given, as a real client does.
//
// autocannon resets a request's `context` before building the next request, so the
// successor cannot wait there. It does not have to: a response's `onResponse` and the
// `setupRequest` of that same connection's next request run in one synchronous step
// (autocannon's client parses the answer, then builds and writes the next request), so
// the successor is handed over in a variable that lives for exactly that step.

const COOKIE = /(?:^|[;,]\s*)refresh_token=([^;]+)/

/** params: { transport: 'cookie' | 'body', tokens: one refresh token per connection (more are spares) }. */
export function createRotationChains ({ transport, tokens }) {
  const unclaimed = [...tokens].reverse()
  const newest = new Set() // the newest token of each chain, presented or not
  let handedOver
  let lastPresented

  const request = {
    method: 'POST',
    path: '/auth/refresh',
    setupRequest (req, context) {
      // A broken chain (a refusal) takes a spare session; with none left it sends its last
      // token again and its refusals are counted as non-2xx.
      const token = handedOver ?? unclaimed.pop() ?? lastPresented
      handedOver = undefined
      lastPresented = token
      context.token = token
      newest.add(token)
      return { ...req, ...requestFor(transport, token) }
    },
    onResponse (status, body, context, headers) {
      newest.delete(context.token)
      const successor = status === 200 ? successorIn(transport, body, headers) : undefined
      if (successor !== undefined) {
        newest.add(successor)
        handedOver = successor
      }
    }
  }

  return {
    request,
    /**
     * After the run: the answers to requests in flight at the stop were lost, so each chain
     * presents its newest token once more (API.md rule 2: a retry within the grace window
     * gets the same successor) and ends on a token nobody has presented yet.
     */
    async settle (url) {
      const settled = []
      let refused = 0
      for (const token of [...newest, ...unclaimed]) {
        const response = await fetch(`${url}/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: token })
        })
        const answer = await response.json()
        if (response.status === 200) settled.push(answer.refreshToken)
        else refused++
      }
      return { tokens: settled, refused }
    }
  }
}

function requestFor (transport, token) {
  return transport === 'cookie'
    ? { headers: { cookie: `refresh_token=${token}` }, body: undefined }
    : { headers: { 'content-type': 'application/json' }, body: `{"refreshToken":"${token}"}` }
}

function successorIn (transport, body, headers) {
  if (transport === 'cookie') {
    const setCookie = headers['set-cookie'] ?? headers['Set-Cookie']
    const match = COOKIE.exec(Array.isArray(setCookie) ? setCookie.join(', ') : String(setCookie ?? ''))
    return match?.[1]
  }
  try {
    return JSON.parse(String(body)).refreshToken
  } catch {
    return undefined
  }
}
