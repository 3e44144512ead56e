/**
 * Who owns each table: the one module (a folder under src/modules) whose code writes it. Every
 * other module reads it at most, and changes it by calling the owner's named commands (e.g.
 * `CasesService.openFromClaims`, `attachClaims`, `EmployersService.findOrCreate`), which run the
 * owner's checks, locks and hooks. `test/unit/table-ownership.spec.ts` reads the SQL and the
 * repository calls of every module and fails on a write by anyone else.
 *
 * A record's visibility table belongs to the record's module: `refreshVisibility` (auth) is the
 * mechanism, the owner calls it with its own spec.
 */
export const TABLE_OWNERS = {
  // units: the NBS unit tree and the supervision phone of each unit
  unit: 'units',
  unit_supervision_phone: 'units',

  // auth: accounts and sessions
  app_user: 'auth',
  auth_session: 'auth',
  refresh_token: 'auth',
  user_visibility: 'auth',

  // employers: employers (found or created under one lock; their risk level set by
  // supervision's rating through EmployersService.setRiskLevel), the register, inspections
  employer: 'employers',
  employer_visibility: 'employers',
  inspection: 'employers',

  // cases: the case and everything recorded on it
  case_file: 'cases',
  case_link: 'cases',
  case_inspector: 'cases',
  case_event: 'cases',
  case_number_seq: 'cases',
  case_visibility: 'cases',
  supervision_order: 'cases',
  assistance_request: 'cases',

  // calendar: the official working-day calendar
  calendar_year: 'calendar',
  calendar_day: 'calendar',

  // wage-claims: workers' claims and their timelines
  wage_claim: 'wage-claims',
  wage_claim_update: 'wage-claims',

  // supervision: the early warnings the risk rating writes, and the blacklist procedure
  warning: 'supervision',
  blacklist_entry: 'supervision',
  blacklist_party: 'supervision',
  blacklist_incident: 'supervision',
  blacklist_repair: 'supervision',

  // deadlines: the ledger of overdue notices already sent
  overdue_notice: 'deadlines',

  // audit: the audit chain
  audit_log: 'audit',
  audit_pending: 'audit',
  audit_anchor: 'audit',

  // public: the published results
  public_result_year: 'public',

  // stats: the case counters per township and workplace, kept by the triggers on case_file
  // (migration CaseUnitStats) in the transaction of the case's own write; rebuilt only after a
  // bulk load with the triggers off (stats/case-counters.ts)
  case_unit_stats: 'stats',
} as const satisfies Record<string, ModuleName>;

/** The modules: src/modules/<name>. */
export const MODULES = ['access', 'units', 'employers', 'supervision', 'stats', 'deadlines', 'calendar', 'cases', 'wage-claims', 'auth', 'audit', 'public'] as const;
export type ModuleName = (typeof MODULES)[number];

/**
 * Files outside src/modules that write tables, and what they may write: the demo data loader
 * seeds accounts and phones for development (never in production, see demo-data.ts).
 */
export const WRITERS_OUTSIDE_MODULES: Record<string, string[]> = {
  'src/database/demo-data.ts': ['app_user', 'user_visibility', 'unit_supervision_phone'],
};
