import { graphql } from '../../gql';

export const CaseDetailDocument = graphql(`
  query CaseDetail($id: ID!) {
    case(id: $id) {
      id number title description status source workersAffected amountOwed amountRecovered openedAt
      acceptanceDueAt handlingDueAt overdue extended deadlineProvisional outcome closedAt allowedActions
      handlingUnit { code name }
      workplaceUnit { code name }
      employer { id name creditCode riskLevel blacklisted registeredUnit { code name } }
      links { reason linkedAt unit { code name } }
      inspectors { id displayName username unit { code name } }
      assignableInspectors { id displayName username role unit { code name } }
      events { at type note actor { displayName } }
      supervisionOrders { id instructions dueAt status overdue report reportedAt issuingUnit { code name } }
      assistanceRequests { id request dueAt dueProvisional answer answeredAt overdue canAnswer toUnit { code name } }
      claims { id number status claimantName amountOwed workersAffected submittedAt }
    }
  }
`);

/** Every command returns the case; the page re-reads it whole after each one. */
export const FileCaseDocument = graphql(`
  mutation FileCase($caseId: ID!, $inspectorIds: [ID!]!) { fileCase(caseId: $caseId, inspectorIds: $inspectorIds) { id status } }
`);
export const RejectCaseDocument = graphql(`
  mutation RejectCase($caseId: ID!, $reason: String!) { rejectCase(caseId: $caseId, reason: $reason) { id status } }
`);
export const TransferCaseDocument = graphql(`
  mutation TransferCase($caseId: ID!, $toUnitCode: String!, $reason: String!) {
    transferCase(caseId: $caseId, toUnitCode: $toUnitCode, reason: $reason) { id status handlingUnit { code name } }
  }
`);
export const LinkUnitDocument = graphql(`
  mutation LinkUnit($caseId: ID!, $unitCode: String!, $reason: LinkReason!) { linkUnit(caseId: $caseId, unitCode: $unitCode, reason: $reason) { id } }
`);
export const UnlinkUnitDocument = graphql(`
  mutation UnlinkUnit($caseId: ID!, $unitCode: String!) { unlinkUnit(caseId: $caseId, unitCode: $unitCode) { id } }
`);
export const OrderRectificationDocument = graphql(`
  mutation OrderRectification($caseId: ID!, $dueDate: Date!, $amountToPay: Money!, $note: String) {
    orderRectification(caseId: $caseId, dueDate: $dueDate, amountToPay: $amountToPay, note: $note) { id status }
  }
`);
export const RecordPaymentDocument = graphql(`
  mutation RecordPayment($caseId: ID!, $amount: Money!, $workersPaid: Int!, $note: String) {
    recordPayment(caseId: $caseId, amount: $amount, workersPaid: $workersPaid, note: $note) { id amountRecovered }
  }
`);
export const DecidePenaltyDocument = graphql(`
  mutation DecidePenalty($caseId: ID!, $fine: Money!, $basis: String!) { decidePenalty(caseId: $caseId, fine: $fine, basis: $basis) { id status } }
`);
export const TransferToPoliceDocument = graphql(`
  mutation TransferToPolice($caseId: ID!, $reason: String!) { transferToPolice(caseId: $caseId, reason: $reason) { id status } }
`);
export const ExtendDeadlineDocument = graphql(`
  mutation ExtendDeadline($caseId: ID!, $reason: String!) { extendDeadline(caseId: $caseId, reason: $reason) { id handlingDueAt extended } }
`);
export const CloseCaseDocument = graphql(`
  mutation CloseCase($caseId: ID!, $outcome: CaseOutcome!, $summary: String!) { closeCase(caseId: $caseId, outcome: $outcome, summary: $summary) { id status } }
`);
export const AddCaseNoteDocument = graphql(`
  mutation AddCaseNote($caseId: ID!, $note: String!) { addCaseNote(caseId: $caseId, note: $note) { id } }
`);
export const IssueSupervisionOrderDocument = graphql(`
  mutation IssueSupervisionOrder($caseId: ID!, $instructions: String!, $dueDate: Date!) {
    issueSupervisionOrder(caseId: $caseId, instructions: $instructions, dueDate: $dueDate) { id }
  }
`);
export const ReportOnSupervisionOrderDocument = graphql(`
  mutation ReportOnSupervisionOrder($orderId: ID!, $report: String!) { reportOnSupervisionOrder(orderId: $orderId, report: $report) { id status } }
`);
export const RequestAssistanceDocument = graphql(`
  mutation RequestAssistance($caseId: ID!, $unitCode: String!, $request: String!) {
    requestAssistance(caseId: $caseId, unitCode: $unitCode, request: $request) { id }
  }
`);
export const AnswerAssistanceDocument = graphql(`
  mutation AnswerAssistance($requestId: ID!, $answer: String!) { answerAssistance(requestId: $requestId, answer: $answer) { id } }
`);
