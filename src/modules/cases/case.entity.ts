import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CaseOutcome, CaseSource, CaseStatus } from './case.enums';

/** A wage-arrears case (table case_file: "case" is an SQL keyword). Mapped to the API by toCaseModel. */
@Entity('case_file')
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'enum', enum: CaseStatus, enumName: 'case_status' })
  status: CaseStatus;

  @Column({ type: 'enum', enum: CaseSource, enumName: 'case_source' })
  source: CaseSource;

  @Column({ name: 'handling_unit_code', type: 'varchar', length: 12 })
  handlingUnitCode: string;

  /** ltree of the handling unit's codes, province first. */
  @Column({ name: 'handling_path', type: 'ltree' })
  handlingPath: string;

  /** The handling unit's ancestors by level (township null for a county-handled case), for statistics. */
  @Column({ name: 'province_code', type: 'varchar', length: 12 })
  provinceCode: string;

  @Column({ name: 'city_code', type: 'varchar', length: 12 })
  cityCode: string;

  @Column({ name: 'county_code', type: 'varchar', length: 12 })
  countyCode: string;

  @Column({ name: 'township_code', type: 'varchar', length: 12, nullable: true })
  townshipCode: string | null;

  @Column({ name: 'workplace_unit_code', type: 'varchar', length: 12 })
  workplaceUnitCode: string;

  @Column({ name: 'employer_id', type: 'uuid' })
  employerId: string;

  @Column({ name: 'workers_affected', type: 'int' })
  workersAffected: number;

  /** numeric(14,2), read as a decimal string. */
  @Column({ name: 'amount_owed', type: 'numeric', precision: 14, scale: 2 })
  amountOwed: string;

  @Column({ name: 'amount_recovered', type: 'numeric', precision: 14, scale: 2 })
  amountRecovered: string;

  @Column({ name: 'workers_paid', type: 'int' })
  workersPaid: number;

  /** The payment order (责令限期支付): due date and amount. */
  @Column({ name: 'rectification_due_at', type: 'timestamptz', nullable: true })
  rectificationDueAt: Date | null;

  @Column({ name: 'rectification_amount', type: 'numeric', precision: 14, scale: 2, nullable: true })
  rectificationAmount: string | null;

  @Column({ name: 'penalty_fine', type: 'numeric', precision: 14, scale: 2, nullable: true })
  penaltyFine: string | null;

  /** When the amount recovered first reached the amount owed (blacklist removal counts from it). */
  @Column({ name: 'fully_paid_at', type: 'timestamptz', nullable: true })
  fullyPaidAt: Date | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'opened_by', type: 'uuid', nullable: true })
  openedBy: string | null;

  @Column({ name: 'acceptance_due_at', type: 'timestamptz', nullable: true })
  acceptanceDueAt: Date | null;

  @Column({ name: 'filed_at', type: 'timestamptz', nullable: true })
  filedAt: Date | null;

  @Column({ name: 'handling_due_at', type: 'timestamptz', nullable: true })
  handlingDueAt: Date | null;

  /** The due date of the step in progress; null when no clock runs. */
  @Column({ name: 'active_due_at', type: 'timestamptz', nullable: true })
  activeDueAt: Date | null;

  @Column({ name: 'deadline_provisional', type: 'boolean' })
  deadlineProvisional: boolean;

  @Column({ type: 'boolean' })
  extended: boolean;

  @Column({ name: 'transferred_in', type: 'boolean' })
  transferredIn: boolean;

  @Column({ type: 'enum', enum: CaseOutcome, enumName: 'case_outcome', nullable: true })
  outcome: CaseOutcome | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Working days from receipt (the Shanghai day of opening) to closing, on the official calendar; set by closeCase. */
  @Column({ name: 'working_days_to_close', type: 'int', nullable: true })
  workingDaysToClose: number | null;

  @Column({ name: 'search_text', type: 'text' })
  searchText: string;

  @Column({ type: 'int' })
  version: number;
}
