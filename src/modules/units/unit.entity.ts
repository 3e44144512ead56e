import { Field, ID, ObjectType } from '@nestjs/graphql';
import { UnitLevel } from '../access/unit-level';
import { Column, Entity, PrimaryColumn } from 'typeorm';

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
