// Whether a message came in a direct message (approvers cannot see it; replies there need
// no mention). An adapter may say so with message.isDirect; a Slack message carries its
// event (channel_type "im"), and a Slack DM channel id starts with "D". Not "room equals
// user id": the terminal's room and default user are both "shell", and it is no DM.
export function isDirectMessage (message: unknown, room?: string): boolean {
  const m = (message ?? {}) as { isDirect?: boolean, room?: unknown, rawMessage?: { channel_type?: string } }
  return m.isDirect === true || m.rawMessage?.channel_type === 'im' || /^D[A-Z0-9]{6,}$/.test(room ?? (typeof m.room === 'string' ? m.room : ''))
}
