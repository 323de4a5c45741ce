// Access control's public face: who is an admin and who holds which role, the policy a
// listener declares (roles, approval) and the rules that override it, chat users by name
// or id, the audit trail and help entries. Code outside access/ imports from here;
// modules inside import each other.
export { ROLE_PATTERN, adminsAre, changeRole, hasRole, isAdmin, mayRun, rolesOf, setTerminalAdmin, usersWithRole, type RoleChange } from './roles.ts'
export { approvalFor, describeApproval, requiredRoles, ruleFor, type ApprovalPolicyInput, type ApprovalSpec, type ChatListenerOptions } from './policy.ts'
export { resolveUser, showUser, showUsers } from './users.ts'
export { AUDIT_CAP, AUDIT_KEY, recentAudit, recordAudit, type AuditEvent } from './audit.ts'
export { auditLine } from './audit-line.ts'
export { describePolicy, formatHelpEntry, helpEntries, helpLines, type HelpEntry } from './help.ts'
