// The fake Zendesk over real HTTP, apart from search semantics: ticket details with the
// users sideload, `.json` paths, auth, the request log, failure injection and hangs.
// Every answer is checked against the spec after each test (harness.ts).
import http from 'node:http'
import { describe, expect, test } from '@jest/globals'
import { BASIC, BEARER, CREDENTIALS, searchPath, useFakeZendesk } from '../fakes/zendesk/harness.ts'

const zd = useFakeZendesk()
const basic = (user: string, secret: string): string => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`

describe('fake Zendesk: tickets', () => {
  test('a ticket by id, with its URL on the fake\'s host', async () => {
    const { status, body } = await zd.get('/tickets/35436')
    expect(status).toBe(200)
    expect(Object.keys(body)).toEqual(['ticket'])
    expect(body.ticket).toMatchObject({ id: 35436, subject: 'Help, my printer is on fire!', status: 'open', requester_id: 20978392, assignee_id: 235323 })
    expect(body.ticket.url).toBe(`${zd.fake().url}/tickets/35436`)
  })

  test('include=users sideloads the requester, submitter, assignee and CCs, once each', async () => {
    const plain = await zd.get('/tickets/35436?include=users')
    expect(plain.body.users.map((u: { id: number }) => u.id)).toEqual([20978392, 235323])
    expect(plain.body.users[0]).toMatchObject({ name: 'Rachel Requester', role: 'end-user' })
    const withCc = await zd.get('/tickets/35439?include=users') // the fourth ticket has a CC
    expect(withCc.body.ticket.collaborator_ids).toEqual([20978393])
    expect(withCc.body.users.map((u: { id: number }) => u.id)).toEqual([20978392, 235323, 20978393])
    const unassigned = await zd.get('/tickets/35437?include=users') // a new ticket
    expect(unassigned.body.users.map((u: { id: number }) => u.id)).toEqual([20978393])
  })

  test('an unknown or malformed id is a 404 with Zendesk\'s RecordNotFound body', async () => {
    for (const id of ['99999', 'abc']) {
      const { status, body } = await zd.get(`/tickets/${id}`)
      expect({ id, status, body }).toEqual({ id, status: 404, body: { error: 'RecordNotFound', description: 'Not found' } })
    }
  })

  test('an include the fake does not model is a 400, not a silently missing sideload', async () => {
    const { status, body } = await zd.get('/tickets/35436?include=users,groups')
    expect([status, body.description]).toEqual([400, 'fake Zendesk: include=groups is not modelled'])
  })

  test('paths with .json (node-zendesk) answer the same; next_page keeps the path as sent', async () => {
    expect((await zd.get('/tickets/35436.json?include=users')).body).toEqual((await zd.get('/tickets/35436?include=users')).body)
    expect((await zd.get(`${searchPath('type:ticket status<solved', {}, '/search/count.json')}`)).body).toEqual({ count: 32 })
    const { body } = await zd.get(searchPath('type:ticket status<solved', { per_page: 10 }, '/search.json'))
    expect(new URL(body.next_page as string).pathname).toBe('/api/v2/search.json')
  })

  test('an unknown route or method is a 404; a GET with a body is refused', async () => {
    expect((await zd.get('/tickets')).body).toEqual({ error: 'InvalidEndpoint', description: 'Not found' })
    const put = await fetch(`${zd.fake().url}/tickets/35436`, { method: 'PUT', headers: { Authorization: BASIC, 'Content-Type': 'application/json' }, body: '{"ticket":{"status":"solved"}}' })
    expect(put.status).toBe(404)
    expect(zd.fake().state.tickets[0].status).toBe('open')
    const withBody = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${zd.fake().url}/tickets/35436`, { method: 'GET', headers: { Authorization: BASIC, 'Content-Length': '2' } }, res => { res.resume(); resolve(res.statusCode!) })
      req.on('error', reject)
      req.end('{}')
    })
    expect(withBody).toBe(400)
  })
})

describe('fake Zendesk: auth', () => {
  test('Basic email/token:API_TOKEN and Bearer OAuth token are accepted', async () => {
    expect((await zd.get('/tickets/35436', BASIC)).status).toBe(200)
    expect((await zd.get('/tickets/35436', BEARER)).status).toBe(200)
    expect((await zd.get('/tickets/35436', basic(`${CREDENTIALS.email.toUpperCase()}/token`, CREDENTIALS.apiToken))).status).toBe(200)
  })

  test.each([
    ['no header', null],
    ['a wrong API token', basic(`${CREDENTIALS.email}/token`, 'wrong')],
    ['another email', basic('eve@example.com/token', CREDENTIALS.apiToken)],
    ['the token as a password (no /token)', basic(CREDENTIALS.email, CREDENTIALS.apiToken)],
    ['a wrong bearer token', 'Bearer wrong'],
    ['the API token as a bearer token', `Bearer ${CREDENTIALS.apiToken}`]
  ])('%s is a 401 with Zendesk\'s body', async (_name, authorization) => {
    const { status, body } = await zd.get('/tickets/35436', authorization)
    expect([status, body]).toEqual([401, { error: 'Couldn\'t authenticate you' }])
  })

  test('the request log keeps method, path, decoded query and who called, never a secret', async () => {
    await zd.get(searchPath('type:ticket status<solved', { per_page: 10 }))
    await zd.get('/tickets/35436.json', BEARER)
    const [search, show] = zd.fake().requests
    expect([search.method, search.path, search.query.get('query'), search.query.get('per_page')]).toEqual(['GET', '/api/v2/search', 'type:ticket status<solved', '10'])
    expect([search.auth, search.headers.authorization]).toEqual([{ scheme: 'basic', email: CREDENTIALS.email }, 'Basic [redacted]'])
    expect([show.path, show.auth.scheme, show.headers.authorization]).toEqual(['/api/v2/tickets/35436.json', 'bearer', 'Bearer [redacted]'])
    const logged = JSON.stringify(zd.fake().requests)
    for (const secret of [CREDENTIALS.apiToken, CREDENTIALS.oauthToken, BASIC.slice(6)]) expect(logged).not.toContain(secret)
  })
})

describe('fake Zendesk: failure injection', () => {
  test('a 429 with Retry-After, then the same request succeeds', async () => {
    zd.fake().failNext(429, { retryAfter: 7 })
    const limited = await zd.get('/search/count?query=type%3Aticket')
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7'])
    expect(limited.body).toEqual({ errors: [{ code: 'TooManyRequests', title: 'Too many requests' }] })
    const retried = await zd.get('/search/count?query=type%3Aticket')
    expect([retried.status, retried.body]).toEqual([200, { count: 40 }])
    expect(zd.fake().requests).toHaveLength(2)
  })

  test('a 429 always carries Retry-After; times repeats a failure', async () => {
    zd.fake().failNext(429, { times: 2 })
    const answers = [await zd.get('/tickets/35436'), await zd.get('/tickets/35436'), await zd.get('/tickets/35436')]
    expect(answers.map(a => [a.status, a.headers.get('retry-after')])).toEqual([[429, '1'], [429, '1'], [200, null]])
  })

  test.each([
    [500, { error: 'Unavailable', description: 'Service temporarily unavailable' }],
    [503, { error: 'unavailable', description: 'Sorry, we could not complete your search query. Please try again in a moment.' }],
    [401, { error: 'Couldn\'t authenticate you' }],
    [403, { error: 'Forbidden', description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' }]
  ])('%i answers Zendesk\'s body for it, even with good credentials', async (code, expected) => {
    zd.fake().failNext(code)
    expect(await zd.get('/tickets/35436')).toMatchObject({ status: code, body: expected })
  })

  test('a given body and Retry-After are sent as given (a text body as text, as Zendesk\'s docs show for 429)', async () => {
    zd.fake().failNext(503, { retryAfter: 30, body: { error: 'unavailable', description: 'Maintenance' } })
    zd.fake().failNext(429, { body: 'Rate limit for ticket updates exceeded, please wait before updating this ticket again' })
    const [maintenance, text] = [await zd.get('/tickets/35436'), await zd.get('/tickets/35436')]
    expect([maintenance.status, maintenance.headers.get('retry-after'), maintenance.body.description]).toEqual([503, '30', 'Maintenance'])
    expect([text.status, text.headers.get('content-type'), text.body]).toEqual([429, 'text/html; charset=utf-8', 'Rate limit for ticket updates exceeded, please wait before updating this ticket again'])
  })

  test('hangNext: the request is never answered (a client timeout fires), the next one is', async () => {
    zd.fake().hangNext()
    const hung = fetch(`${zd.fake().url}/tickets/35436`, { headers: { Authorization: BASIC }, signal: AbortSignal.timeout(200) })
    await expect(hung).rejects.toMatchObject({ name: 'TimeoutError' })
    expect((await zd.get('/tickets/35436')).status).toBe(200)
    expect(zd.fake().requests).toHaveLength(2)
    expect(zd.fake().responses).toHaveLength(1)
  })
})
