// Request body checks the way PagerDuty answers them: 400 with { error: { message, code,
// errors[] } } naming what is wrong. Only what the bot's operations send is modelled.
type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => v != null && typeof v === 'object' && !Array.isArray(v)
const isRef = (v: unknown, type: string): boolean => isObj(v) && typeof v.id === 'string' && v.type === type
const isTime = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /T/.test(v)

export function bodyProblems (op: string, body: unknown): string[] {
  if (!isObj(body) && !Array.isArray(body)) return ['body must be a JSON object']
  const b = body as Obj
  const p: string[] = []
  switch (op) {
    case 'updateIncidents': {
      if (!Array.isArray(b.incidents) || b.incidents.length === 0) return ['incidents must be a non-empty array']
      if (b.incidents.length > 250) p.push('at most 250 incidents per request')
      for (const i of b.incidents) {
        if (!isObj(i) || typeof i.id !== 'string') p.push('each incident needs an id')
        else if (i.type !== 'incident' && i.type !== 'incident_reference') p.push(`incident ${i.id}: type must be incident or incident_reference`)
        else if (i.status != null && !['acknowledged', 'resolved'].includes(i.status as string)) p.push(`incident ${i.id}: status must be acknowledged or resolved`)
      }
      return p
    }
    case 'createIncident': {
      const i = b.incident
      if (!isObj(i)) return ['incident is required']
      if (i.type !== 'incident') p.push('incident.type must be incident')
      if (typeof i.title !== 'string' || i.title.trim() === '') p.push('incident.title is required')
      if (!isRef(i.service, 'service_reference')) p.push('incident.service must be a service_reference')
      if (i.assignments != null && i.escalation_policy != null) p.push('assignments and escalation_policy cannot both be given')
      if (i.assignments != null && (!Array.isArray(i.assignments) || !i.assignments.every(a => isObj(a) && isRef(a.assignee, 'user_reference')))) p.push('assignments must be user_reference assignees')
      if (i.escalation_policy != null && !isRef(i.escalation_policy, 'escalation_policy_reference')) p.push('escalation_policy must be an escalation_policy_reference')
      return p
    }
    case 'createIncidentNote':
      return isObj(b.note) && typeof b.note.content === 'string' && b.note.content !== '' ? [] : ['note.content is required']
    case 'createMaintenanceWindow': {
      const w = b.maintenance_window
      if (!isObj(w)) return ['maintenance_window is required']
      if (w.type !== 'maintenance_window') p.push('maintenance_window.type must be maintenance_window')
      if (!isTime(w.start_time) || !isTime(w.end_time)) p.push('start_time and end_time must be ISO 8601 times')
      else if (Date.parse(w.end_time as string) <= Date.parse(w.start_time as string)) p.push('end_time must be after start_time')
      if (!Array.isArray(w.services) || w.services.length === 0 || !w.services.every(s => isRef(s, 'service_reference'))) p.push('services must be service_references')
      return p
    }
    case 'createScheduleOverride': {
      if (!Array.isArray(b.overrides) || b.overrides.length === 0) return ['overrides must be a non-empty array']
      for (const o of b.overrides as unknown[]) {
        if (!isObj(o) || !isTime(o.start) || !isTime(o.end)) p.push('each override needs start and end times')
        else if (!isRef(o.user, 'user_reference')) p.push('each override needs a user_reference')
      }
      return p
    }
    default:
      return []
  }
}
