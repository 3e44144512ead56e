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

/** Units kept in memory: enough for the national tree down to townships (44.7k) with room for grids in use. */
const KNOWN_UNITS = 60_000;

/**
 * Reads of the unit tree; relations go through per-request DataLoaders. A unit row never changes
 * once it exists (seeding only adds units, `ON CONFLICT DO NOTHING`), so every unit read is kept
 * in memory and served from there afterwards: the case lists' `handlingUnit` costs no query. A
 * code not found is not remembered (seeding may add it later).
 */
@Injectable()
export class UnitsService {
  private readonly known = new Map<string, Unit>();

  constructor(private readonly ds: DataSource) {}

  async findByCode(code: string): Promise<Unit | null> {
    return (await this.byCodes([code]))[0];
  }

  /** The units of these codes (null where none), from memory where known, the rest in one query. */
  private async byCodes(codes: readonly string[]): Promise<(Unit | null)[]> {
    const missing = codes.filter((c) => !this.known.has(c));
    if (missing.length) {
      for (const u of await this.ds.getRepository(Unit).findBy({ code: In([...new Set(missing)]) })) this.remember(u);
    }
    return codes.map((c) => this.known.get(c) ?? null);
  }

  private remember(unit: Unit): void {
    if (this.known.size >= KNOWN_UNITS) this.known.delete(this.known.keys().next().value!);
    this.known.set(unit.code, unit);
  }

  /** Provinces when parentCode is null. */
  async children(parentCode: string | null): Promise<Unit[]> {
    const found = await this.ds.getRepository(Unit).find({ where: { parentCode: parentCode ?? IsNull() }, order: { code: 'ASC' } });
    for (const u of found) this.remember(u);
    return found;
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
    return loaders.get('unitByCode', () => new DataLoader((codes: readonly string[]) => this.byCodes(codes)));
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
