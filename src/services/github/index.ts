// GitHub's public face, for scripts/github.ts and whoever else needs GitHub: the client,
// the per-robot instance, the pull request commands. Code outside services/github/
// imports from here; modules inside import each other.
export { PRODUCTION_TUNING, createGitHubClient, type GitHubClient, type GitHubClientOptions, type GitHubTuning, type Comparison, type PullList, type PullSummary } from './client.ts'
export { NOT_CONFIGURED, callerLogin, gitHubFor, tuneGitHub, type GitHub } from './for-robot.ts'
export { MAX_SCAN_PAGES, forgetLogin, myPulls, orgPulls, rememberLogin, repoPulls } from './commands.ts'
export { webOrigin } from './links.ts'
export { MAX_PATTERN, titleFilter, type TitleFilter } from './title-filter.ts'
