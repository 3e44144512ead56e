import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  WORKER = 'WORKER',
  GRID_ASSISTANT = 'GRID_ASSISTANT',
  INSPECTOR = 'INSPECTOR',
  SQUAD_LEADER = 'SQUAD_LEADER',
  SUPERVISOR = 'SUPERVISOR',
  ADMIN = 'ADMIN',
}

registerEnumType(Role, {
  name: 'Role',
  description: '角色: what an account may do; each staff role sits at certain unit levels (assignableRoles).',
  valuesMap: {
    WORKER: { description: 'A migrant worker: no unit; sees only their own claims.' },
    GRID_ASSISTANT: { description: '网格员 at a GRID unit: registers employers, records inspections.' },
    INSPECTOR: { description: 'Handles cases of their TOWNSHIP or COUNTY unit.' },
    SQUAD_LEADER: { description: 'Heads a squad: files, extends and closes cases, assigns inspectors.' },
    SUPERVISOR: {
      description: 'A bureau at COUNTY, CITY or PROVINCE level: sees its whole subtree, supervises, reads statistics.',
    },
    ADMIN: { description: 'Manages accounts within its own subtree.' },
  },
});

export const STAFF_ROLES = [Role.GRID_ASSISTANT, Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN];
