import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Every setting the server reads, validated once at start-up. A bad value stops the start with a
 * message naming the variable; nothing else in the code reads process.env.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /** A PostgreSQL server; unset means the embedded PGlite database under DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = './.data';

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** 32 bytes, as 64 hex characters or base64: encrypts ID numbers, phones and bank accounts. */
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, { message: 'PII_KEY must be 32 bytes as 64 hex characters or base64' })
  PII_KEY?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Transform(toBool) @IsBoolean()
  RUN_MIGRATIONS = true;

  /** Load the demo data set when the database has no accounts yet (never in production). */
  @Transform(toBool) @IsOptional() @IsBoolean()
  SEED_DEMO?: boolean;

  @Transform(toInt) @IsInt() @Min(60) @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt) @IsInt() @Min(3600)
  REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt) @IsInt() @Min(1)
  LOGIN_LOCK_SECONDS = 15 * 60;

  @Transform(toInt) @IsInt() @Min(4) @Max(20)
  GRAPHQL_MAX_DEPTH = 10;

  @Transform(toInt) @IsInt() @Min(1)
  GRAPHQL_MAX_ALIASES = 30;

  @Transform(toInt) @IsInt() @Min(100)
  GRAPHQL_MAX_COST = 20000;

  /** Early warning (欠薪预警): claims against one employer within the window. */
  @Transform(toInt) @IsInt() @Min(1)
  RISK_CLAIMS_WINDOW_DAYS = 90;

  @Transform(toInt) @IsInt() @Min(1)
  RISK_CLAIMS_YELLOW = 3;

  @Transform(toInt) @IsInt() @Min(1)
  RISK_CLAIMS_ORANGE = 10;

  /** Yuan claimed within the window that makes an employer ORANGE. */
  @Transform(toInt) @IsInt() @Min(1)
  RISK_AMOUNT_ORANGE = 1_000_000;

  /**
   * Criminal "large amount" thresholds per province (拒不支付劳动报酬罪), JSON:
   * {"<province code>": {"oneWorker": yuan, "tenWorkers": yuan}}. Provinces not listed use
   * "default" (the national ranges' upper ends, so that nobody is listed on a guessed figure).
   */
  @IsString()
  CRIMINAL_THRESHOLDS = '{"41":{"oneWorker":8000,"tenWorkers":40000},"default":{"oneWorker":20000,"tenWorkers":100000}}';

  /** 四公开 results: a unit's figures are published only from this many closed cases (and claims) up, so no one is identifiable. */
  @Transform(toInt) @IsInt() @Min(1)
  PUBLIC_MIN_COUNT = 5;

  /** Seconds a public result is served from memory before it is read again. */
  @Transform(toInt) @IsInt() @Min(0)
  PUBLIC_CACHE_SECONDS = 60;

  /** The cost limit of an operation that asks for public results (each publicResults costs 100, any other field 1). */
  @Transform(toInt) @IsInt() @Min(100)
  PUBLIC_MAX_COST = 300;

  /** Seconds between overdue sweeps; 0 turns the scheduled sweep off (tests run it by hand). */
  @Transform(toInt) @IsInt() @Min(0)
  OVERDUE_SWEEP_SECONDS = 60;

  get criminalThresholds(): Record<string, { oneWorker: number; tenWorkers: number }> {
    return JSON.parse(this.CRIMINAL_THRESHOLDS);
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get embedded(): boolean {
    return !this.DATABASE_URL;
  }

  get dataDir(): string {
    return resolve(this.DATA_DIR);
  }

  get jwtSecret(): string {
    return this.JWT_SECRET!;
  }

  get piiKey(): string {
    return this.PII_KEY!;
  }
}

export class ConfigError extends Error {}

/**
 * Reads and validates the environment. Outside production, missing JWT_SECRET / PII_KEY are
 * generated once and kept in DATA_DIR/secrets.json so that restarts keep sessions and data readable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const config = plainToInstance(AppConfig, stripEmpty(env), { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  - ${e.property}: ${m}`));
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  try {
    const t = config.criminalThresholds;
    if (!t.default || Object.values(t).some((v) => !(v.oneWorker > 0 && v.tenWorkers > 0))) throw new Error('shape');
  } catch {
    throw new ConfigError('Invalid configuration:\n  - CRIMINAL_THRESHOLDS: JSON {"<province>": {"oneWorker": n, "tenWorkers": n}, "default": {...}}');
  }
  if (!config.JWT_SECRET || !config.PII_KEY) {
    if (config.isProduction) {
      const missing = ['JWT_SECRET', 'PII_KEY'].filter((k) => !config[k as 'JWT_SECRET' | 'PII_KEY']);
      throw new ConfigError(`Invalid configuration: ${missing.join(' and ')} must be set when NODE_ENV=production`);
    }
    const secrets = localSecrets(config.dataDir);
    config.JWT_SECRET ??= secrets.JWT_SECRET;
    config.PII_KEY ??= secrets.PII_KEY;
  }
  return config;
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}

function localSecrets(dataDir: string): { JWT_SECRET: string; PII_KEY: string } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = { JWT_SECRET: randomBytes(48).toString('base64url'), PII_KEY: randomBytes(32).toString('hex') };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
