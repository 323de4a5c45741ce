// What the dispatch and memory benchmarks say to the bot, in rotation: the mix (help, help
// for one topic, a role command, lines for nobody) and the unmatched lines alone.

export const MIX = [
  'hubot help',
  'hubot help pager',
  'hubot what roles do I have',
  'hubot help pager',
  'hubot what roles do I have',
  'hubot xyzzy plugh',
  'anyone up for lunch?',
  'hubot what roles do I have',
  'the deploy went fine, thanks',
  'hubot frobnicate the widgets'
]

/** Lines no listener answers: addressed to the bot (the catch-all answers) or to nobody. */
export const UNMATCHED = [
  'hubot xyzzy plugh',
  'anyone up for lunch?',
  'the deploy went fine, thanks',
  'hubot frobnicate the widgets'
]

export const USERS = ['alice', 'bob', 'carol']
