import { Logger } from '@nestjs/common';
import { hashPassword } from '../modules/auth/password-hash';
import { DataSource } from 'typeorm';
import { PiiCipher } from '../common/pii';
import { refreshVisibility } from '../modules/access/visibility';
import { Role } from '../modules/access/role.enum';
import { USER_VISIBILITY } from '../modules/auth/users.service';
import { loadGrids } from '../modules/units/unit-tree.loader';

export const DEMO_PASSWORD = 'Demo@2026';

/** The demo accounts of shared/demo-data.md. */
export const DEMO_STAFF: { username: string; role: Role; unit: string; name: string }[] = [
  { username: 'admin.henan', role: Role.ADMIN, unit: '41', name: '河南省系统管理员' },
  { username: 'sup.henan', role: Role.SUPERVISOR, unit: '41', name: '河南省劳动保障监察总队' },
  { username: 'sup.nanyang', role: Role.SUPERVISOR, unit: '4113', name: '南阳市劳动保障监察支队' },
  { username: 'sup.zhengzhou', role: Role.SUPERVISOR, unit: '4101', name: '郑州市劳动保障监察支队' },
  { username: 'sup.xinye', role: Role.SUPERVISOR, unit: '411329', name: '新野县人社局' },
  { username: 'lead.xinye', role: Role.SQUAD_LEADER, unit: '411329', name: '新野县监察大队队长' },
  { username: 'insp.xinye', role: Role.INSPECTOR, unit: '411329', name: '新野县监察员' },
  { username: 'lead.fanji', role: Role.SQUAD_LEADER, unit: '411329305', name: '樊集乡监察中队队长' },
  { username: 'insp.fanji', role: Role.INSPECTOR, unit: '411329305', name: '樊集乡监察员甲' },
  { username: 'insp.fanji2', role: Role.INSPECTOR, unit: '411329305', name: '樊集乡监察员乙' },
  { username: 'insp.wangzhuang', role: Role.INSPECTOR, unit: '411329101', name: '王庄镇监察员' },
  { username: 'lead.wancheng', role: Role.SQUAD_LEADER, unit: '411302', name: '宛城区监察大队队长' },
  { username: 'insp.zhongyuan', role: Role.INSPECTOR, unit: '410102', name: '中原区监察员' },
  { username: 'grid.yangzhuang', role: Role.GRID_ASSISTANT, unit: '411329305212', name: '杨庄村网格员' },
];

/** Demo workers: valid test ID numbers (check digit correct), not real people. */
export const DEMO_WORKERS = [
  { phone: '13800000001', name: '王建国', idCard: '411329198503121238' },
  { phone: '13800000002', name: '李秀英', idCard: '410102199001010012' },
];

/**
 * 监督电话 of the demo units (fictitious numbers): the province's, Nanyang's, Xinye's and Fanji's
 * own; 王庄镇 and the other townships of Xinye use Xinye's (the nearest configured ancestor).
 */
export const DEMO_SUPERVISION_PHONES: [string, string][] = [
  ['41', '0371-69690000'],
  ['4113', '0377-63310000'],
  ['411329', '0377-66210000'],
  ['411329305', '0377-66550000'],
];

/**
 * Loads the demo data set; loading it twice changes nothing. Never called in production.
 * Needs the national tree; loads Nanyang's grids (4113) itself.
 */
export async function seedDemo(ds: DataSource, pii: PiiCipher): Promise<void> {
  const log = new Logger('Demo');
  await loadGrids(ds, '4113');
  const hash = await hashPassword(DEMO_PASSWORD);
  await ds.transaction(async (m) => {
    for (const s of DEMO_STAFF) {
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO app_user (login_key, username, display_name, role, unit_code, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (login_key) DO NOTHING RETURNING id`,
        [s.username, s.username, s.name, s.role, s.unit, hash],
      );
      if (row) await refreshVisibility(m, USER_VISIBILITY, [row.id]);
    }
    for (const w of DEMO_WORKERS) {
      await m.query(
        `INSERT INTO app_user (login_key, display_name, role, password_hash, phone_enc, id_card_enc, id_card_hash)
         VALUES ($1, $2, 'WORKER', $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [`phone:${pii.lookupHash(w.phone)}`, w.name, hash, pii.encrypt(w.phone), pii.encrypt(w.idCard), pii.lookupHash(w.idCard)],
      );
    }
    for (const [unit, phone] of DEMO_SUPERVISION_PHONES) {
      await m.query(`INSERT INTO unit_supervision_phone (unit_code, phone, updated_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING`, [unit, phone]);
    }
  });
  log.log(`demo accounts ready (password ${DEMO_PASSWORD})`);
}
