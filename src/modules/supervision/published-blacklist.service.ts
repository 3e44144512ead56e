import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { badInput } from '../../common/errors';
import { ConnectionShape, decodeCursor, toConnection } from '../../common/graphql/connection';
import { BlacklistBasis, BlacklistPartyRole, PublishedBlacklistEntryModel } from './blacklist.models';

/** A published (LISTED) `blacklist_entry`, as the public list selects it: the employer as decided. */
interface PublishedEntryRow {
  id: string;
  employer_name: string;
  employer_credit_code: string | null;
  listing_unit_code: string | null;
  decision_number: string | null;
  basis: BlacklistBasis;
  reason: string;
  facts: string;
  listed_at: Date;
  /** Set on every LISTED entry. */
  expires_at: Date;
}

/** The published list is read by anyone: pages stay small. */
export const PUBLISHED_MAX_PAGE = 50;
const PUBLISHED_DEFAULT_PAGE = 20;
const SEARCH_MAX = 100;

type PublishedRow = Omit<PublishedBlacklistEntryModel, 'listingUnit' | 'parties'> & { listingUnitCode: string | null };

/**
 * 失信联合惩戒名单的公开 (Art. 9): the LISTED entries whose three years have not run out, newest
 * listing first, as the decision names them (the employer's name and credit code are snapshots
 * taken at the decision), with the persons' names and roles and nothing else about them. An entry
 * leaves the list the moment it expires or is removed early. One page is two indexed queries: the
 * entries (partial index on listed_at, id WHERE LISTED; trigram and credit-code indexes for the
 * search) and the parties of those entries.
 */
@Injectable()
export class PublishedBlacklistService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async page(args: { search?: string | null; first?: number | null; after?: string | null }): Promise<ConnectionShape<PublishedRow & { parties: PublishedBlacklistEntryModel['parties'] }>> {
    const first = args.first ?? PUBLISHED_DEFAULT_PAGE;
    if (!Number.isInteger(first) || first < 1 || first > PUBLISHED_MAX_PAGE) throw badInput('first', `first must be 1 to ${PUBLISHED_MAX_PAGE}`);
    const after = decodeCursor(args.after);
    const search = (args.search ?? '').trim();
    if (search.length > SEARCH_MAX) throw badInput('search', `search must be at most ${SEARCH_MAX} characters`);
    const now = this.clock.now();

    const where = [`b.status = 'LISTED'`, `b.expires_at > $1`];
    const params: unknown[] = [now];
    if (search) {
      params.push(`%${search.replace(/[\\%_]/g, '\\$&')}%`, search.toUpperCase());
      where.push(`(b.employer_name ILIKE $${params.length - 1} ESCAPE '\\' OR b.employer_credit_code = $${params.length})`);
    }
    const filter = where.join(' AND ');
    const filterParams = [...params];
    if (after) {
      params.push(after.sortAt, after.id);
      where.push(`(b.listed_at, b.id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(first + 1);
    const rows: PublishedEntryRow[] = await this.ds.query(
      `SELECT b.id, b.employer_name, b.employer_credit_code, b.listing_unit_code, b.decision_number, b.basis, b.reason, b.facts, b.listed_at, b.expires_at
         FROM blacklist_entry b
        WHERE ${where.join(' AND ')}
        ORDER BY b.listed_at DESC, b.id DESC
        LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, first);
    const parties: { entry_id: string; role: BlacklistPartyRole; name: string }[] = page.length
      ? await this.ds.query(`SELECT entry_id, role, name FROM blacklist_party WHERE entry_id = ANY($1::uuid[]) ORDER BY role, added_at, id`, [page.map((r) => r.id)])
      : [];
    const byEntry = new Map<string, { name: string; role: BlacklistPartyRole }[]>();
    for (const p of parties) {
      const list = byEntry.get(p.entry_id) ?? [];
      list.push({ name: p.name, role: p.role });
      byEntry.set(p.entry_id, list);
    }
    const totalCount = async () => Number((await this.ds.query(`SELECT COUNT(*) AS n FROM blacklist_entry b WHERE ${filter}`, filterParams))[0].n);
    const n = filterParams.length;
    const hasPreviousPage = after
      ? async () => (await this.ds.query(`SELECT 1 FROM blacklist_entry b WHERE ${filter} AND (b.listed_at, b.id) >= ($${n + 1}, $${n + 2}) LIMIT 1`, [...filterParams, after.sortAt, after.id])).length > 0
      : false;
    return toConnection(
      rows,
      first,
      totalCount,
      (r) => ({ sortAt: new Date(r.listed_at), id: r.id }),
      (r) => ({
        id: r.id,
        employerName: r.employer_name,
        creditCode: r.employer_credit_code?.trim() ?? null,
        listingUnitCode: r.listing_unit_code,
        decisionNumber: r.decision_number,
        basis: r.basis,
        reason: r.reason,
        facts: r.facts,
        listedAt: new Date(r.listed_at),
        expiresAt: new Date(r.expires_at),
        parties: byEntry.get(r.id) ?? [],
      }),
      hasPreviousPage,
    );
  }
}
