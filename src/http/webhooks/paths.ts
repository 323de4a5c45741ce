// Where each vendor delivers. The server exempts these from basic auth (each delivery is
// authenticated by its signature or token instead) and leaves their bodies unparsed, so the
// receiver checks the signature over the exact bytes before anything reads them.
export const WEBHOOK_PATHS = ['/hubot/github', '/hubot/pagerduty', '/hubot/zendesk', '/hubot/ci'] as const

export type WebhookPath = typeof WEBHOOK_PATHS[number]
