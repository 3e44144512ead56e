import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RiskLevel } from './risk-level.enum';

@Entity('employer')
export class EmployerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** The name normalized for matching (see normalizeEmployerName). */
  @Column({ name: 'name_key', type: 'text' })
  nameKey: string;

  @Column({ name: 'credit_code', type: 'char', length: 18, nullable: true })
  creditCode: string | null;

  @Column({ name: 'registered_unit_code', type: 'varchar', length: 12, nullable: true })
  registeredUnitCode: string | null;

  @Column({ name: 'grid_code', type: 'varchar', length: 12, nullable: true })
  gridCode: string | null;

  @Column({ name: 'risk_level', type: 'enum', enum: RiskLevel, enumName: 'risk_level', default: RiskLevel.NONE })
  riskLevel: RiskLevel;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * One key for names that differ only in spacing, width or brackets: "南阳市 宏达建筑（有限公司）"
 * and "南阳市宏达建筑(有限公司)" are the same employer when no credit code tells them apart.
 */
export function normalizeEmployerName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()（）【】[\]「」"'“”‘’.,，。、·-]/g, '');
}
