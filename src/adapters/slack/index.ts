// `-a slack`: builds the Web API and Socket Mode clients from config (both on
// HUBOT_SLACK_API_URL, including apps.connections.open) and hands them to our adapter.
// Tests pass overrides: a short reconnect delay, no SDK retries. Time (the outbox's
// spacing, retry waits) is the bot's Clock, from createBot.
import type { AdapterModule, Robot } from 'hubot'
import webApi from '@slack/web-api'
import socketMode from '@slack/socket-mode'
import type { AdapterDeps } from '../index.ts'
import { SlackChatAdapter } from './adapter.ts'
import { slackSdkLogger } from './slack-logger.ts'
import type { StartRetryOptions } from './start-retry.ts'

export { SlackChatAdapter } from './adapter.ts'
export { CHAT_INTERACTION, type ChatInteraction } from './interactions.ts'

// Each SDK names its own copy of @slack/logger's LogLevel enum; ours returns the same strings.
type WebLogger = NonNullable<NonNullable<ConstructorParameters<typeof webApi.WebClient>[1]>['logger']>
type SocketLogger = NonNullable<NonNullable<ConstructorParameters<typeof socketMode.SocketModeClient>[0]>['logger']>

export interface SlackAdapterOverrides {
  /**
   * Socket Mode's ping timeout; it also sets the delay before a reconnect
   * (timeout x consecutive failures). Slack's SDK default is 5000.
   */
  clientPingTimeoutMs?: number
  /** Retries of a failed HTTP request (network errors, 5xx) inside the Web API client. */
  webRetries?: number
  /** users.list page size. */
  pageSize?: number
  /** Attempts and waits for the start-up calls (auth.test, apps.connections.open, users.list). */
  startRetry?: StartRetryOptions
}

export function slackAdapter (deps: AdapterDeps, overrides: SlackAdapterOverrides = {}): AdapterModule {
  const slack = deps.config.slack
  if (!slack.enabled) {
    throw new Error('Slack is not configured: set HUBOT_SLACK_APP_TOKEN (xapp-..., Basic Information > App-Level Tokens) and HUBOT_SLACK_BOT_TOKEN (xoxb-..., OAuth & Permissions)')
  }
  return {
    use: (robot: Robot) => {
      const log = deps.log.child({ adapter: 'slack' })
      const retryConfig = overrides.webRetries != null ? { retries: overrides.webRetries } : webApi.retryPolicies.fiveRetriesInFiveMinutes
      const web = new webApi.WebClient(slack.botToken, {
        slackApiUrl: slack.apiUrl,
        logger: slackSdkLogger(log, 'slack-web-api') as WebLogger,
        // 429s come back to us (the outbox waits them out on the bot's clock) instead of
        // pausing inside the SDK on real timers.
        rejectRateLimitedCalls: true,
        retryConfig,
        maxRequestConcurrency: 3
      })
      // Start-up calls get no SDK retries: the adapter retries them a bounded number of
      // times and then fails start-up (start-retry.ts).
      const startWeb = new webApi.WebClient(slack.botToken, {
        slackApiUrl: slack.apiUrl, logger: slackSdkLogger(log, 'slack-web-api') as WebLogger, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, maxRequestConcurrency: 3
      })
      // apps.connections.open: none while starting either; once connected, Socket Mode's
      // own default (100 retries, factor 1.3) for reconnects. The SDK reads this object
      // on every call, so the adapter's onStarted can change it in place.
      const socketRetry: { retries: number, factor?: number } = { retries: 0 }
      const reconnectRetry = overrides.webRetries != null ? { retries: overrides.webRetries } : { retries: 100, factor: 1.3 }
      const socket = new socketMode.SocketModeClient({
        appToken: slack.appToken,
        logger: slackSdkLogger(log, 'slack-socket-mode') as SocketLogger,
        ...(overrides.clientPingTimeoutMs != null ? { clientPingTimeout: overrides.clientPingTimeoutMs } : {}),
        // Without this, apps.connections.open would always go to slack.com.
        clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: socketRetry }
      })
      return new SlackChatAdapter(robot, {
        appToken: slack.appToken,
        botToken: slack.botToken,
        web,
        socket,
        log,
        pageSize: overrides.pageSize,
        startWeb,
        startRetry: overrides.startRetry,
        onStarted: () => { Object.assign(socketRetry, reconnectRetry) }
      })
    }
  }
}
