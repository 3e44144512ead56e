import { Role } from './role.enum';
import { UnitLevel } from './unit-level';

/** Who is calling, as every rule needs it: role and the unit's path of codes (province first). */
export interface CurrentUser {
  id: string;
  role: Role;
  displayName: string;
  unitCode: string | null;
  unitLevel: UnitLevel | null;
  /** Codes from the province down to the user's own unit; empty for workers. */
  unitPath: string[];
  /** The session of the access token, for callers identified by one. */
  sessionId?: string;
}
