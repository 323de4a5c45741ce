// GitHub's page-number pagination: per_page (default 30, at most 100) and page (from 1), and a
// Link header of absolute URLs that repeat the request's own query with another page, in the
// order GitHub writes them: prev, next, last, first
// (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api).

export interface Page<T> { items: T[], page: number, perPage: number, link: string | null }

export function pageParams (q: URLSearchParams): { page: number, perPage: number } {
  // GitHub caps per_page at 100 and falls back to the defaults for what is not a positive number.
  const perPage = Number.parseInt(q.get('per_page') ?? '', 10)
  const page = Number.parseInt(q.get('page') ?? '', 10)
  return { perPage: perPage >= 1 ? Math.min(perPage, 100) : 30, page: page >= 1 ? page : 1 }
}

/** The Link header for `page` of `lastPage`, or null when everything fits on one page. */
export function linkHeader (requestUrl: URL, page: number, lastPage: number): string | null {
  const to = (n: number): string => {
    const u = new URL(requestUrl.href)
    u.searchParams.set('page', String(n))
    return `<${u.href}>`
  }
  const links: string[] = []
  if (page > 1) links.push(`${to(Math.min(page - 1, lastPage))}; rel="prev"`)
  if (page < lastPage) links.push(`${to(page + 1)}; rel="next"`, `${to(lastPage)}; rel="last"`)
  if (page > 1) links.push(`${to(1)}; rel="first"`)
  return links.length === 0 ? null : links.join(', ')
}

/** One page of `all`; `reachable` limits how far pages go (search stops at 1,000 results). */
export function paginate<T> (all: T[], q: URLSearchParams, requestUrl: URL, reachable = all.length): Page<T> {
  const { page, perPage } = pageParams(q)
  const start = (page - 1) * perPage
  const lastPage = Math.max(1, Math.ceil(Math.min(all.length, reachable) / perPage))
  return { items: all.slice(start, Math.min(start + perPage, reachable)), page, perPage, link: linkHeader(requestUrl, page, lastPage) }
}
