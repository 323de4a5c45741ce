// hubot-redis-brain 3.0.1 ships no types: its default export loads its script into a robot.
declare module 'hubot-redis-brain' {
  import type { Robot } from 'hubot'
  export default function load (robot: Robot): Promise<void>
}
