import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { badInput } from '../../common/errors';
import { LoaderRegistry } from '../access/request-context';
import { Unit } from './unit.entity';
import { UnitLevel } from '../access/unit-level';

/**
 * A unit an input names: it must exist (and be at one of `levels`), else BAD_USER_INPUT naming
 * `field`. Pass the transaction's manager inside a transaction.
 */
export async function requireUnit(m: EntityManager, code: string, field: string, levels?: UnitLevel[]): Promise<Unit> {
  const unit = await m.getRepository(Unit).findOneBy({ code });
  if (!unit) throw badInput(field, `unit ${code} does not exist`);
  if (levels && !levels.includes(unit.level)) throw badInput(field, `${field} must be a ${levels.join(' or ')} unit; ${code} is a ${unit.level}`);
  return unit;
}

/** Reads of the unit tree; relations go through per-request DataLoaders. */
@Injectable()
export class UnitsService {
  constructor(private readonly ds: DataSource) {}

  findByCode(code: string): Promise<Unit | null> {
    return this.ds.getRepository(Unit).findOneBy({ code });
  }

  /** Provinces when parentCode is null. */
  children(parentCode: string | null): Promise<Unit[]> {
    return this.ds.getRepository(Unit).find({ where: { parentCode: parentCode ?? IsNull() }, order: { code: 'ASC' } });
  }

  /** Townships and villages by part of their name (trigram index), shortest names first. */
  searchByName(name: string, first: number): Promise<Unit[]> {
    const text = (name ?? '').trim();
    if ([...text].length < 2 || text.length > 30) throw badInput('name', '请至少输入2个字');
    if (!Number.isInteger(first) || first < 1 || first > 50) throw badInput('first', 'first must be 1 to 50');
    return this.ds
      .getRepository(Unit)
      .createQueryBuilder('u')
      .where(`u.name LIKE :like`, { like: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` })
      .andWhere(`u.level IN ('TOWNSHIP', 'GRID')`)
      .orderBy('length(u.name)', 'ASC')
      .addOrderBy('u.code', 'ASC')
      .limit(first)
      .getMany();
  }

  byCode(loaders: LoaderRegistry): DataLoader<string, Unit | null> {
    return loaders.get('unitByCode', () => new DataLoader(async (codes: readonly string[]) => {
      const found = await this.ds.getRepository(Unit).findBy({ code: In([...codes]) });
      const byCode = new Map(found.map((u) => [u.code, u]));
      return codes.map((c) => byCode.get(c) ?? null);
    }));
  }

  childrenOf(loaders: LoaderRegistry): DataLoader<string, Unit[]> {
    return loaders.get('unitChildren', () => new DataLoader(async (codes: readonly string[]) => {
      const found = await this.ds.getRepository(Unit).find({ where: { parentCode: In([...codes]) }, order: { code: 'ASC' } });
      const byParent = new Map<string, Unit[]>(codes.map((c) => [c, []]));
      for (const u of found) byParent.get(u.parentCode!)!.push(u);
      return codes.map((c) => byParent.get(c)!);
    }));
  }
}
