// The one plural rule for chat and logs: "1 incident", "2 incidents", "0 approvals".
// Every word the bot counts takes an -s.

export function plural (n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
