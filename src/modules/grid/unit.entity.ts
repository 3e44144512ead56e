import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

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

/**
 * An administrative unit and the inspection body at it (NBS division code). A small reference
 * table, so the entity is also the GraphQL type; `path` (ltree of codes from the province down)
 * stays internal.
 */
@ObjectType('Unit', { description: 'An administrative unit and the inspection body at it. Codes are the NBS division codes.' })
@Entity('unit')
export class Unit {
  @Field(() => ID, { description: '编号: the same as code.' })
  get id(): string {
    return this.code;
  }

  @Field({ description: '区划代码: NBS division code (2, 4, 6, 9 or 12 digits); a code\'s prefix is its ancestor.' })
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code: string;

  @Field({ description: '名称: the division\'s name as published.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => UnitLevel, { description: '层级.' })
  @Column({ type: 'enum', enum: UnitLevel, enumName: 'unit_level' })
  level: UnitLevel;

  @Column({ name: 'parent_code', type: 'varchar', length: 12, nullable: true })
  parentCode: string | null;

  @Column({ type: 'ltree' })
  path: string;
}

/** The codes from the province down to the unit itself, read off an ltree path. */
/** Province, city, county, township, grid. */
export const UNIT_LEVELS = 5;

/** The most children one unit has (NBS 2023: 170 villages in one township), rounded up: a bound for query cost. */
export const MAX_CHILD_UNITS = 200;

export function pathCodes(path: string): string[] {
  return path.split('.');
}
