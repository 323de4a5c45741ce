// What scripts send: plain text, or text with Slack blocks (buttons). Every adapter can
// show `text`; the Slack adapter also posts `blocks`. `thread` asks for a reply in a
// thread (Slack), ignored where threads do not exist.
export interface RichMessage { text: string, blocks?: unknown[] }
export type ChatMessage = string | RichMessage

export function isRichMessage (m: unknown): m is RichMessage {
  return m != null && typeof m === 'object' && typeof (m as RichMessage).text === 'string'
}

export function plainText (m: unknown): string {
  return isRichMessage(m) ? m.text : String(m)
}
