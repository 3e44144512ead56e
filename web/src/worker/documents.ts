/**
 * The worker and public pages' operations. Plain strings marked for GraphQL Code Generator, which
 * checks them against schema.graphql and types them (web/src/gql/graphql.ts); sent with fetch, so
 * the small worker bundle carries no GraphQL client.
 */

export const CLAIM_BOUNDS = /* GraphQL */ `
  query WorkerClaimBounds {
    claimBounds {
      employerNameMin
      employerNameMax
      projectNameMax
      amountMaxYuan
      workersMin
      workersMax
      descriptionMin
      descriptionMax
      timeBarYears
      answerWorkingDays
    }
  }
`;

export const UNITS = /* GraphQL */ `
  query WorkerUnits($parent: String) {
    units(parentCode: $parent) {
      code
      name
      level
    }
  }
`;

export const SEARCH_UNITS = /* GraphQL */ `
  query WorkerSearchUnits($name: String!) {
    searchUnits(name: $name, first: 20) {
      code
      name
      level
      ancestors {
        code
        name
      }
    }
  }
`;

export const SUBMIT_CLAIM = /* GraphQL */ `
  mutation WorkerSubmitClaim($input: SubmitWageClaimInput!) {
    submitWageClaim(input: $input) {
      id
      number
    }
  }
`;

export const MY_CLAIMS = /* GraphQL */ `
  query WorkerMyClaims($after: String) {
    myWageClaims(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          number
          status
          employerName
          amountOwed
          submittedAt
          responseDueAt
          overdue
          caseNumber
          caseStatus
          routedUnit { code name }
        }
      }
    }
  }
`;

export const CLAIM = /* GraphQL */ `
  query WorkerClaim($id: ID!) {
    wageClaim(id: $id) {
      id number status employerName employerCreditCode projectName amountOwed periodFrom periodTo workersAffected description submittedAt responseDueAt overdue rejectReason caseNumber caseStatus workplaceUnit { code name ancestors { code name } } routedUnit { code name } handler { unit { code name } officerName officerTitle supervisionPhone } updates { at message }
    }
  }
`;

export const WITHDRAW = /* GraphQL */ `
  mutation WorkerWithdraw($id: ID!) {
    withdrawWageClaim(claimId: $id) {
      id
      status
    }
  }
`;

export const PROCEDURES = /* GraphQL */ `
  query PublicProcedures {
    publicProcedures {
      key
      title
      summary
      steps { title description timeLimit workingDays basis }
    }
  }
`;

export const RESULTS = /* GraphQL */ `
  query PublicResultsPage($unit: String, $year: Int) {
    publicResults(unitCode: $unit, year: $year) {
      year
      minimumCount
      asOf
      total { unit { code name level } published casesClosed amountRecovered workersPaid closedWithinLimitShare averageWorkingDaysToClose claimsAnswered claimsAnsweredInTimeShare }
      children { unit { code name level } published casesClosed amountRecovered workersPaid closedWithinLimitShare averageWorkingDaysToClose claimsAnswered claimsAnsweredInTimeShare }
    }
  }
`;

export const UNIT_PATH = /* GraphQL */ `
  query PublicUnitPath($code: String!) {
    unit(code: $code) { code name level ancestors { code name } }
  }
`;

export const BLACKLIST = /* GraphQL */ `
  query PublicBlacklist($search: String, $after: String) {
    publishedBlacklist(search: $search, first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          employerName
          creditCode
          listingUnit { code name }
          decisionNumber
          basis
          reason
          facts
          listedAt
          expiresAt
          parties { name role }
        }
      }
    }
  }
`;
