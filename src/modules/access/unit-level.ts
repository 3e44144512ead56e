import { registerEnumType } from '@nestjs/graphql';

/** The levels of the inspection hierarchy (省 市 县 乡 网格), which the access rules speak of. */
export enum UnitLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  GRID = 'GRID',
}
registerEnumType(UnitLevel, {
  name: 'UnitLevel',
  description: '单位层级: the level of a unit in the NBS tree, and the inspection body at it.',
  valuesMap: {
    PROVINCE: { description: '省 (2-digit code, e.g. 41 Henan): 劳动保障监察总队.' },
    CITY: { description: '市 (4 digits, e.g. 4113 Nanyang): 监察支队.' },
    COUNTY: { description: '县/区 (6 digits, e.g. 411329 Xinye): 监察大队, the bureau a case belongs to.' },
    TOWNSHIP: { description: '乡镇/街道 (9 digits, e.g. 411329305 Fanji): 监察中队, handles cases for its county.' },
    GRID: { description: '网格 = 村/社区 (12 digits, e.g. 411329305201): where grid assistants work.' },
  },
});

export function pathCodes(path: string): string[] {
  return path.split('.');
}
