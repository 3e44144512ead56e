import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ClaimStatus } from './claim-status.enum';

/** A worker's wage claim (欠薪线索). Mapped to the API by toWageClaimModel. */
@Entity('wage_claim')
export class WageClaimEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'enum', enum: ClaimStatus, enumName: 'claim_status' })
  status: ClaimStatus;

  @Column({ name: 'claimant_id', type: 'uuid' })
  claimantId: string;

  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey: string;

  /** SHA-256 of the normalized input, to tell a retry from a different claim under the same key. */
  @Column({ name: 'input_hash', type: 'char', length: 64 })
  inputHash: string;

  @Column({ name: 'employer_name', type: 'text' })
  employerName: string;

  @Column({ name: 'employer_name_key', type: 'text' })
  employerNameKey: string;

  @Column({ name: 'employer_credit_code', type: 'char', length: 18, nullable: true })
  employerCreditCode: string | null;

  @Column({ name: 'project_name', type: 'text', nullable: true })
  projectName: string | null;

  @Column({ name: 'workplace_unit_code', type: 'varchar', length: 12 })
  workplaceUnitCode: string;

  @Column({ name: 'routed_unit_code', type: 'varchar', length: 12 })
  routedUnitCode: string;

  @Column({ name: 'amount_owed', type: 'numeric', precision: 14, scale: 2 })
  amountOwed: string;

  @Column({ name: 'period_from', type: 'date' })
  periodFrom: string;

  @Column({ name: 'period_to', type: 'date' })
  periodTo: string;

  @Column({ name: 'workers_affected', type: 'int' })
  workersAffected: number;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'response_due_at', type: 'timestamptz' })
  responseDueAt: Date;

  @Column({ name: 'response_due_provisional', type: 'boolean' })
  responseDueProvisional: boolean;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'reject_reason', type: 'text', nullable: true })
  rejectReason: string | null;

  @Column({ type: 'int' })
  version: number;
}
