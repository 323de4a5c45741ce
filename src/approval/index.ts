// The approval engine's public face, for the approval middleware and the approvals
// script: requests and their storage, decisions (approve, deny, cancel, break-glass,
// review), chat formatting, button clicks and the expiry sweeper. Code outside approval/
// imports from here; modules inside import each other.
export { createRequest, listRequests, updateRequest, type ApprovalRequest } from './request.ts'
export { approve, cancel, deny, findRequest, type Actor, type Reply } from './decide.ts'
export { breakGlass, review, unreviewed } from './break-glass.ts'
export { auditRequest } from './events.ts'
export { possibleApprovers } from './approvers.ts'
export { detailText, displayCommand, hhmm, requestMessage, summaryLine } from './format.ts'
export { listenForInteractions, type ChatInteraction } from './interactions.ts'
export { startSweeper, sweepExpired } from './sweeper.ts'
