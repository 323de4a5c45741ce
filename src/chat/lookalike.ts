// Two names a reader cannot tell apart ("alice" and "аlice" with a Cyrillic а) must not
// be shown as if they were one person: lists that show such names add the user id. The
// fold below is NFKC (fullwidth and styled letters, ligatures), no invisible characters,
// a small built-in map of the common Cyrillic and Greek look-alikes of Latin letters, then
// lower case. It is deliberately not Unicode's full confusables table (UTS #39): enough for
// the letters that are typed to impersonate someone, small enough to read.
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  А: 'A', а: 'a', В: 'B', Е: 'E', е: 'e', З: '3', Ѕ: 'S', ѕ: 's', І: 'I', і: 'i', Ј: 'J', ј: 'j',
  К: 'K', М: 'M', Н: 'H', О: 'O', о: 'o', Р: 'P', р: 'p', С: 'C', с: 'c', Т: 'T', У: 'Y', у: 'y',
  Х: 'X', х: 'x', Ү: 'Y', һ: 'h', Ԁ: 'D', ԁ: 'd', Ԛ: 'Q', ԛ: 'q', Ԝ: 'W', ԝ: 'w', Ӏ: 'I', ӏ: 'l',
  // Greek
  Α: 'A', α: 'a', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', ι: 'i', Κ: 'K', κ: 'k', Μ: 'M', Ν: 'N',
  ν: 'v', Ο: 'O', ο: 'o', Ρ: 'P', ρ: 'p', Τ: 'T', Υ: 'Y', υ: 'u', Χ: 'X', χ: 'x'
}
const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu')
// Zero-width spaces and joiners, word joiner, BOM, soft hyphen: they change a name unseen.
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g

/** The form two names share when they look alike: equal folds read the same on screen. */
export function foldLookalikes (name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE, '').replace(LOOKALIKE, c => LOOKALIKES[c]).toLowerCase()
}
