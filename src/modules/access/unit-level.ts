import { registerEnumType } from '@nestjs/graphql';

/** The levels of the inspection hierarchy (省 市 县 乡 网格), which the access rules speak of. */
export enum UnitLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  GRID = 'GRID',
}
registerEnumType(UnitLevel, { name: 'UnitLevel' });
