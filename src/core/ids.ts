// Ids people read aloud and type (approval requests, deploys): 6 characters from an
// alphabet without look-alikes (no O/0, I/1/L), so "K7M2QX" cannot be mistyped into another
// valid id. Accepted in any case. Uniqueness is the caller's job, through the store.
import { randomInt } from 'node:crypto'

/** A-Z and 2-9 minus O, I, L (look like 0, 1) and 0, 1 themselves: 31 symbols, ~887 million ids. */
export const ID_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const ID_LENGTH = 6
const ID_PATTERN = new RegExp(`^[${ID_ALPHABET}]{${ID_LENGTH}}$`)

export function newShortId (): string {
  let id = ''
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)]
  return id
}

/** The canonical (upper-case) id, or null when the text cannot be such an id. */
export function parseShortId (text: string): string | null {
  const id = text.trim().toUpperCase()
  return ID_PATTERN.test(id) ? id : null
}
