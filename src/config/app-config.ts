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

  /**
   * Streaming replicas of DATABASE_URL (comma-separated PostgreSQL URLs) that serve supervision
   * reads: case lists, statistics, warnings (docs/ARCHITECTURE.md, "Read replicas").
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s,]+(\s*,\s*postgres(ql)?:\/\/[^\s,]+)*$/, {
    message: 'DATABASE_REPLICA_URLS must be postgres:// or postgresql:// URLs separated by commas',
  })
  DATABASE_REPLICA_URLS?: string;

  /**
   * After a caller's mutation, that caller's supervision reads go to the primary for this long;
   * a replica further behind than this serves nobody.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  REPLICA_READ_YOUR_WRITES_SECONDS = 5;

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** 32 bytes, as 64 hex characters or base64: encrypts ID numbers, phones and bank accounts. */
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, { message: 'PII_KEY must be 32 bytes as 64 hex characters or base64' })
  PII_KEY?: string;

  /**
   * 32 bytes, as 64 hex characters or base64: the HMAC key of the audit chain (hash of each row
   * over the previous row's hash). Kept outside the database, so that no one who can write there
   * can forge a consistent chain.
   */
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, { message: 'AUDIT_KEY must be 32 bytes as 64 hex characters or base64' })
  AUDIT_KEY?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Transform(toBool) @IsBoolean()
  RUN_MIGRATIONS = true;

  /** Queries run through graphql-jit (compiled once per document); false: graphql-js interprets them (measured in bench/README.md). */
  @Transform(toBool) @IsBoolean()
  GRAPHQL_JIT = true;

  /** Load the demo data set when the database has no accounts yet (never in production). */
  @Transform(toBool) @IsOptional() @IsBoolean()
  SEED_DEMO?: boolean;

  @Transform(toInt) @IsInt() @Min(60) @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt) @IsInt() @Min(3600)
  REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

  /**
   * Live sessions whose caller is kept in memory (least recently used out first), so that an
   * authenticated request needs no query; 0 reads the database on every request.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000)
  SESSION_CACHE_SIZE = 10_000;

  /** Seconds a cached session is kept at most (never longer than ACCESS_TOKEN_TTL_SECONDS); revocations drop it at once. */
  @Transform(toInt) @IsInt() @Min(1)
  SESSION_CACHE_SECONDS = 60;

  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt) @IsInt() @Min(1)
  LOGIN_LOCK_SECONDS = 15 * 60;

  @Transform(toInt) @IsInt() @Min(4) @Max(20)
  GRAPHQL_MAX_DEPTH = 10;

  @Transform(toInt) @IsInt() @Min(1)
  GRAPHQL_MAX_ALIASES = 30;

  /** Budget of one operation by a signed-in caller, counting every list at its size (cost.ts). */
  @Transform(toInt) @IsInt() @Min(100)
  GRAPHQL_MAX_COST = 20000;

  /** The same for a caller without a valid access token. */
  @Transform(toInt) @IsInt() @Min(10)
  GRAPHQL_MAX_COST_ANONYMOUS = 1000;

  /** A GraphQL response larger than this (bytes of JSON) is replaced by a RESPONSE_TOO_LARGE error. */
  @Transform(toInt) @IsInt() @Min(1024)
  GRAPHQL_MAX_RESPONSE_BYTES = 1024 * 1024;

  /** Rate limits per client (IP address) over a window: public operations, and login / registerWorker. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_PUBLIC = 300;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_LOGIN = 30;

  /**
   * Express "trust proxy": unset means the peer address is the client; behind a load balancer,
   * the number of proxy hops or their addresses (e.g. "1", "10.0.0.0/8"), so that rate limits
   * count the client named in X-Forwarded-For.
   */
  @IsOptional() @IsString()
  TRUST_PROXY?: string;

  /** PostgreSQL statement_timeout of every pooled connection, in ms; 0 turns it off. */
  @Transform(toInt) @IsInt() @Min(0)
  DB_STATEMENT_TIMEOUT_MS = 5000;

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

  /** Connections in the PostgreSQL pool (per instance). */
  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE = 10;

  /**
   * Milliseconds a request waits for a free pooled connection before it fails cleanly (pool
   * exhausted, database slow or away); 0 waits forever.
   */
  @Transform(toInt) @IsInt() @Min(0)
  DB_POOL_WAIT_MS = 5000;

  /**
   * Worker processes behind the one port (node:cluster); 1 is a single process without a
   * cluster. More than 1 needs DATABASE_URL and REDIS_URL (checked in loadConfig).
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(64)
  WORKERS = 1;

  /** After SIGTERM, in-flight requests get this long to finish before the process exits anyway (code 1). */
  @Transform(toInt) @IsInt() @Min(1) @Max(600)
  SHUTDOWN_GRACE_SECONDS = 25;
  /** 四公开 results: a unit's figures are published only from this many closed cases (and claims) up, so no one is identifiable. */
  @Transform(toInt) @IsInt() @Min(1)
  PUBLIC_MIN_COUNT = 5;

  /** Seconds a public result is served from memory before it is read again. */
  @Transform(toInt) @IsInt() @Min(0)
  PUBLIC_CACHE_SECONDS = 60;

  /** Seconds between overdue sweeps; 0 turns the scheduled sweep off (tests run it by hand). */
  @Transform(toInt) @IsInt() @Min(0)
  OVERDUE_SWEEP_SECONDS = 60;

  get criminalThresholds(): Record<string, { oneWorker: number; tenWorkers: number }> {
    return JSON.parse(this.CRIMINAL_THRESHOLDS);
  }

  /** TRUST_PROXY as express reads it: a hop count, or addresses / subnets. */
  get trustProxy(): number | string | undefined {
    if (!this.TRUST_PROXY) return undefined;
    return /^\d+$/.test(this.TRUST_PROXY) ? Number(this.TRUST_PROXY) : this.TRUST_PROXY;
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get replicaUrls(): string[] {
    return (this.DATABASE_REPLICA_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
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

  get auditKey(): Buffer {
    const k = this.AUDIT_KEY!;
    return Buffer.from(k, /^[0-9a-fA-F]{64}$/.test(k) ? 'hex' : 'base64');
  }
}

export class ConfigError extends Error {}

/**
 * Reads and validates the environment. Outside production, missing JWT_SECRET / PII_KEY / AUDIT_KEY are
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
  if (config.replicaUrls.length && config.embedded) {
    throw new ConfigError('Invalid configuration:\n  - DATABASE_REPLICA_URLS: replicas need a PostgreSQL primary in DATABASE_URL; the embedded engine has none');
  }
  if (config.WORKERS > 1 && config.embedded) {
    throw new ConfigError(
      `Invalid configuration:\n  - WORKERS: ${config.WORKERS} worker processes need DATABASE_URL (a PostgreSQL server); the embedded database can be opened by one process only`,
    );
  }
  if (config.WORKERS > 1 && !config.REDIS_URL) {
    throw new ConfigError(
      `Invalid configuration:\n  - WORKERS: ${config.WORKERS} worker processes need REDIS_URL: subscriptions, session revocations and rate limits must reach every process`,
    );
  }
  if (!config.JWT_SECRET || !config.PII_KEY || !config.AUDIT_KEY) {
    if (config.isProduction) {
      const missing = SECRETS.filter((k) => !config[k]);
      throw new ConfigError(`Invalid configuration: ${missing.join(' and ')} must be set when NODE_ENV=production`);
    }
    const secrets = localSecrets(config.dataDir);
    config.JWT_SECRET ??= secrets.JWT_SECRET;
    config.PII_KEY ??= secrets.PII_KEY;
    config.AUDIT_KEY ??= secrets.AUDIT_KEY;
  }
  return config;
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}

const SECRETS = ['JWT_SECRET', 'PII_KEY', 'AUDIT_KEY'] as const;
type Secrets = Record<(typeof SECRETS)[number], string>;

/** The generated secrets of a development data folder; a secret added later is generated and kept beside the others. */
function localSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  const kept: Partial<Secrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const secrets: Secrets = {
    JWT_SECRET: kept.JWT_SECRET ?? randomBytes(48).toString('base64url'),
    PII_KEY: kept.PII_KEY ?? randomBytes(32).toString('hex'),
    AUDIT_KEY: kept.AUDIT_KEY ?? randomBytes(32).toString('hex'),
  };
  if (SECRETS.some((k) => kept[k] !== secrets[k])) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  }
  return secrets;
}
