// Which variables turn each optional service on, and which only mean something while it
// is on. --config-check (src/runtime/config-check.ts) reports variables of a service that
// is off: they were set for a reason, and that service is not running. It also reports
// when the chosen adapter's service is off. A new service or service variable in
// config.ts is listed here too (test/runtime/config-check.test.ts checks).

export interface ServiceVariables {
  /** The service's name in messages. */
  label: string
  /** The service is on when every variable of one of these sets is set. */
  enabling: ReadonlyArray<readonly string[]>
  /** Variables that do nothing while the service is off. */
  dependent: readonly string[]
  /** What turns it on, in words, when one set of variables does not say it. */
  needs?: string
}

export const SERVICE_VARIABLES: Readonly<Record<string, ServiceVariables>> = {
  slack: {
    label: 'Slack',
    enabling: [['HUBOT_SLACK_APP_TOKEN', 'HUBOT_SLACK_BOT_TOKEN']],
    dependent: ['HUBOT_SLACK_API_URL']
  },
  pagerduty: {
    label: 'PagerDuty',
    enabling: [['HUBOT_PAGERDUTY_API_KEY']],
    dependent: ['HUBOT_PAGERDUTY_API_URL', 'HUBOT_PAGERDUTY_FROM_EMAIL', 'HUBOT_PAGERDUTY_SERVICE_ID', 'HUBOT_PAGERDUTY_SCHEDULES', 'HUBOT_PAGERDUTY_TIMEOUT']
  },
  github: {
    label: 'GitHub',
    enabling: [['HUBOT_GITHUB_TOKEN']],
    dependent: ['HUBOT_GITHUB_API', 'HUBOT_GITHUB_USER', 'HUBOT_GITHUB_ORG', 'HUBOT_GITHUB_TIMEOUT', 'HUBOT_GITHUB_LIST_LIMIT']
  },
  zendesk: {
    label: 'Zendesk',
    enabling: [
      ['HUBOT_ZENDESK_SUBDOMAIN', 'HUBOT_ZENDESK_EMAIL', 'HUBOT_ZENDESK_TOKEN'],
      ['HUBOT_ZENDESK_SUBDOMAIN', 'HUBOT_ZENDESK_OAUTH_TOKEN'],
      ['HUBOT_ZENDESK_URL', 'HUBOT_ZENDESK_EMAIL', 'HUBOT_ZENDESK_TOKEN'],
      ['HUBOT_ZENDESK_URL', 'HUBOT_ZENDESK_OAUTH_TOKEN']
    ],
    dependent: ['HUBOT_ZENDESK_TIMEOUT', 'HUBOT_ZENDESK_LIST_LIMIT'],
    needs: 'HUBOT_ZENDESK_SUBDOMAIN (or HUBOT_ZENDESK_URL) with HUBOT_ZENDESK_EMAIL and HUBOT_ZENDESK_TOKEN, or with HUBOT_ZENDESK_OAUTH_TOKEN'
  },
  // Webhook receivers (config-webhooks.ts): each needs its secret and where to announce.
  githubWebhooks: {
    label: 'the GitHub webhook',
    enabling: [['HUBOT_GITHUB_WEBHOOK_SECRET', 'HUBOT_GITHUB_ROOMS']],
    dependent: ['HUBOT_GITHUB_EVENTS']
  },
  pagerdutyWebhooks: {
    label: 'the PagerDuty webhook',
    enabling: [['HUBOT_PAGERDUTY_WEBHOOK_SECRET', 'HUBOT_PAGERDUTY_ROOM']],
    dependent: []
  },
  zendeskWebhooks: {
    label: 'the Zendesk webhook',
    enabling: [['HUBOT_ZENDESK_WEBHOOK_SECRET', 'HUBOT_ZENDESK_ROOM']],
    dependent: []
  },
  ciWebhooks: {
    label: 'the CI webhook',
    enabling: [['HUBOT_CI_WEBHOOK_TOKEN', 'HUBOT_CI_ROOMS']],
    dependent: []
  },
  elasticsearch: {
    label: 'log shipping to Elasticsearch',
    enabling: [['HUBOT_LOG_ELASTICSEARCH_URL']],
    dependent: ['HUBOT_LOG_ELASTICSEARCH_API_KEY']
  },
  redis: {
    label: 'Redis',
    enabling: [['REDIS_URL']],
    dependent: ['HUBOT_REDIS_PREFIX', 'HUBOT_REDIS_ALLOW_SELF_SIGNED', 'HUBOT_DEPLOY_WORKER_CONCURRENCY', 'HUBOT_DEPLOY_WORKER_LOCK']
  }
}

/** The adapters built in, each with the service it cannot run without (null: none). */
export const BUILT_IN_ADAPTERS: Readonly<Record<string, string | null>> = { shell: null, terminal: null, slack: 'slack' }
