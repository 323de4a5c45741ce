// URLs: the Link header GitHub pages with, and the github.com (or Enterprise) pages a
// reply links to for "and N more".

/** Each URL of a Link header by rel: `<https://...&page=2>; rel="next", <...>; rel="last"`. */
export function parseLink (header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(',')) {
    const m = /^\s*<([^>]*)>\s*;\s*rel="([^"]*)"/.exec(part)
    if (m != null) out[m[2]] = m[1]
  }
  return out
}

/** The page number in a Link URL, or null. */
export function pageOf (url: string | undefined): number | null {
  if (url == null) return null
  const page = Number(new URL(url).searchParams.get('page'))
  return Number.isInteger(page) && page >= 1 ? page : null
}

/**
 * The web origin of an API base: https://api.github.com -> https://github.com, GitHub
 * Enterprise Server's https://HOST/api/v3 -> https://HOST, GitHub Enterprise Cloud with
 * data residency https://api.SUB.ghe.com -> https://SUB.ghe.com; anything else as it is.
 */
export function webOrigin (apiUrl: string): string {
  const url = new URL(apiUrl)
  if (/\/api\/v3\/?$/.test(url.pathname)) return url.origin
  if (url.hostname.startsWith('api.')) return `${url.protocol}//${url.host.slice(4)}`
  return url.origin
}

/** The same search on the web, newest updates first. */
export function searchPage (web: string, q: string): string {
  return `${web}/search?${new URLSearchParams({ q, type: 'pullrequests', s: 'updated', o: 'desc' }).toString()}`
}

/** A repository's open pull requests on the web, newest updates first. */
export function repoPullsPage (web: string, owner: string, repo: string): string {
  return `${web}/${owner}/${repo}/pulls?${new URLSearchParams({ q: 'is:pr is:open sort:updated-desc' }).toString()}`
}
