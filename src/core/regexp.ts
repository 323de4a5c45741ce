// The one regex escape: a string matched literally inside a RegExp (bot names, file
// names, the fixed parts of a glob).

export function escapeRegExp (s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
