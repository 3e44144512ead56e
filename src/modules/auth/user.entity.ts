import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../access/role.enum';

/** An account. Workers have no unit; their phone and ID number are stored only encrypted. */
@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Unique login: the lower-cased username for staff, `phone:<keyed hash>` for workers. */
  @Column({ name: 'login_key', type: 'text', unique: true })
  loginKey: string;

  /** Staff only; a worker's username is their phone number, kept in phoneEnc. */
  @Column({ type: 'text', nullable: true })
  username: string | null;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  @Column({ name: 'unit_code', type: 'varchar', length: 12, nullable: true })
  unitCode: string | null;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc: string | null;

  @Column({ name: 'id_card_enc', type: 'text', nullable: true })
  idCardEnc: string | null;

  @Column({ name: 'id_card_hash', type: 'char', length: 64, nullable: true })
  idCardHash: string | null;

  @Column({ name: 'failed_logins', type: 'int', default: 0 })
  failedLogins: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  /** Set by an ADMIN: the account can no longer log in and its sessions have ended. */
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @Column({ name: 'deactivated_by', type: 'uuid', nullable: true })
  deactivatedBy: string | null;
}
