// Text for a terminal: a name or message that carries ANSI escape sequences could clear
// the screen, retitle the window or hide what came before, and a bare CR overwrites the
// line. Whole sequences are removed (so no "[2J" residue is left), then any other control
// character; newlines and tabs stay, they are layout.
// ECMA-48: CSI (ESC [ or the 8-bit 0x9B) params, intermediates, final byte; OSC/DCS/SOS/PM/APC
// strings up to BEL or ST (or the end of the line); any other ESC + one byte.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SEQUENCES = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c\n]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\s\S]?/g
// C0 and C1 controls except \t and \n, DEL, and the bidirectional overrides that reorder
// what a reader sees (U+202A-202E, U+2066-2069).
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

/** `text` without escape sequences or control characters (keeps \n and \t). */
export function stripControls (text: string): string {
  return text.replace(SEQUENCES, '').replace(CONTROLS, '')
}

/** True when `text` has anything stripControls would remove. */
export function hasControls (text: string): boolean {
  return stripControls(text) !== text
}
