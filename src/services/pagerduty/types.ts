// Names for what the client returns (openapi-fetch's view of the generated types).
import type { PagerDutyClient } from './client.ts'

type Item<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>> extends Array<infer T> ? T : Awaited<ReturnType<F>>

export type Incident = Item<PagerDutyClient['getIncident']>
export type IncidentNote = Item<PagerDutyClient['listNotes']>
export type User = Item<PagerDutyClient['listUsers']>
export type Schedule = Item<PagerDutyClient['listSchedules']>
export type ScheduleEntry = Awaited<ReturnType<PagerDutyClient['scheduleEntries']>>['entries'][number]
export type Service = Item<PagerDutyClient['listServices']>
export type EscalationPolicy = Item<PagerDutyClient['listEscalationPolicies']>
export type OnCall = Item<PagerDutyClient['listOnCalls']>
export type { IncidentStatus } from './client.ts'
