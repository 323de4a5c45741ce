// PagerDuty's public face, for scripts/pagerduty.ts and whoever else needs PagerDuty: the
// client, the per-robot instance (config, caches, who acts), the chat commands and their
// argument parsing. Code outside services/pagerduty/ imports from here; modules inside
// import each other.
export { createPagerDutyClient, type Assignee, type IncidentStatus, type PagerDutyClient, type PagerDutyClientOptions } from './client.ts'
export { NOT_CONFIGURED, ownEmail, pagerDutyFor, requesterEmail, type PagerDuty } from './for-robot.ts'
export { daysArg, emailArg, incidentNumbers, minutesArg, splitTrailingNumber, splitWords, usage } from './args.ts'
export { checkServices } from './precheck.ts'
export {
  addNote, changeStatus, findTarget, listNotes, listOpen, maintenance, showIncident, trigger, triggerService, type Selection
} from './incident-commands.ts'
export {
  amIOnCall, findSchedule, forgetEmail, listSchedules, listServices, mySchedule, rememberEmail, scheduleShifts, takePager, whoIsOnCall
} from './oncall-commands.ts'
export type { EscalationPolicy, Incident, IncidentNote, OnCall, Schedule, ScheduleEntry, Service, User } from './types.ts'
