import { UserEntity } from '../modules/auth/user.entity';
import { CaseEntity } from '../modules/cases/case.entity';
import { EmployerEntity } from '../modules/employers/employer.entity';
import { Unit } from '../modules/units/unit.entity';
import { WageClaimEntity } from '../modules/wage-claims/wage-claim.entity';

/** Every TypeORM entity, listed so that ts-node, jest and the build find the same set. */
export const ENTITIES = [Unit, UserEntity, EmployerEntity, CaseEntity, WageClaimEntity];
