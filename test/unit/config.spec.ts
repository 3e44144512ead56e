import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { DataDirLockedError, lockDataDir } from '../../src/database/data-dir-lock';
import { graphqlOptions } from '../../src/graphql.options';

const SECRETS = {
  JWT_SECRET: 'prod-secret-prod-secret-prod-secret-0123456789',
  PII_KEY: 'c911ac7b0f38f67b77bedd65e45c346ae9178af9e8d94accf876904f64ef2964',
  AUDIT_KEY: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
};

/** Runs `fn` with the message of the ConfigError it must throw. */
function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected loadConfig to throw');
}

describe('configuration', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'labor-inspection-config-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('production turns introspection off; the test configuration keeps it on', () => {
    const prod = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db:5432/app', ...SECRETS });
    expect(prod.isProduction).toBe(true);
    expect(graphqlOptions(prod).introspection).toBe(false);
    const test = loadConfig({ NODE_ENV: 'test', DATA_DIR: tempDir(), ...SECRETS });
    expect(graphqlOptions(test).introspection).toBe(true);
    expect(graphqlOptions(test).csrfPrevention).toBe(true);
  });

  it('a DATABASE_URL that is not PostgreSQL stops the start, naming the variable', () => {
    expect(configError({ NODE_ENV: 'test', DATABASE_URL: 'mysql://x', ...SECRETS })).toMatch(/DATABASE_URL/);
  });

  it('other bad values name their variable too', () => {
    expect(configError({ NODE_ENV: 'staging', ...SECRETS })).toMatch(/NODE_ENV/);
    expect(configError({ NODE_ENV: 'test', GRAPHQL_MAX_DEPTH: '100', ...SECRETS })).toMatch(/GRAPHQL_MAX_DEPTH/);
    expect(configError({ NODE_ENV: 'test', JWT_SECRET: 'short', PII_KEY: SECRETS.PII_KEY })).toMatch(/JWT_SECRET/);
    expect(configError({ NODE_ENV: 'test', ...SECRETS, AUDIT_KEY: 'not-a-key' })).toMatch(/AUDIT_KEY/);
  });

  it('read replicas: a list of PostgreSQL URLs beside DATABASE_URL; refused on the embedded engine and when malformed, naming the variable', () => {
    const primary = 'postgres://app@db:5432/app';
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'postgres://app@r1:5432/app, postgresql://app@r2/app', ...SECRETS });
    expect(config.replicaUrls).toEqual(['postgres://app@r1:5432/app', 'postgresql://app@r2/app']);
    expect(config.REPLICA_READ_YOUR_WRITES_SECONDS).toBe(5);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: primary, ...SECRETS }).replicaUrls).toEqual([]);
    expect(configError({ NODE_ENV: 'test', DATA_DIR: tempDir(), DATABASE_REPLICA_URLS: 'postgres://app@r1/app', ...SECRETS })).toMatch(/DATABASE_REPLICA_URLS: .*embedded/);
    expect(configError({ NODE_ENV: 'test', DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'postgres://app@r1/app,mysql://r2', ...SECRETS })).toMatch(/DATABASE_REPLICA_URLS/);
    expect(configError({ NODE_ENV: 'test', DATABASE_URL: primary, REPLICA_READ_YOUR_WRITES_SECONDS: '0', ...SECRETS })).toMatch(/REPLICA_READ_YOUR_WRITES_SECONDS/);
  });

  it('production without AUDIT_KEY stops the start, naming it: the audit chain is never keyed by a guess', () => {
    const { AUDIT_KEY: _omitted, ...rest } = SECRETS;
    expect(configError({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db/app', ...rest })).toMatch(/AUDIT_KEY/);
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db/app', ...SECRETS }).auditKey).toHaveLength(32);
  });

  it('production without JWT_SECRET and PII_KEY stops the start, naming both, and writes no secrets', () => {
    const dir = tempDir();
    const message = configError({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db/app', DATA_DIR: dir });
    expect(message).toMatch(/JWT_SECRET/);
    expect(message).toMatch(/PII_KEY/);
    expect(configError({ NODE_ENV: 'production', DATA_DIR: dir, JWT_SECRET: SECRETS.JWT_SECRET })).toMatch(/PII_KEY/);
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
  });

  it('WORKERS above 1 needs PostgreSQL and Redis, and says why; 1 (the default) needs neither', () => {
    const pg = 'postgres://app@db/app';
    expect(configError({ NODE_ENV: 'test', ...SECRETS, WORKERS: '2', REDIS_URL: 'redis://r:6379' })).toMatch(/WORKERS: 2 worker processes need DATABASE_URL.*embedded database can be opened by one process only/);
    expect(configError({ NODE_ENV: 'test', ...SECRETS, WORKERS: '2', DATABASE_URL: pg })).toMatch(/WORKERS: 2 worker processes need REDIS_URL: subscriptions, session revocations and rate limits/);
    expect(configError({ NODE_ENV: 'test', ...SECRETS, WORKERS: '0', DATABASE_URL: pg })).toMatch(/WORKERS/);
    expect(loadConfig({ NODE_ENV: 'test', ...SECRETS, WORKERS: '2', DATABASE_URL: pg, REDIS_URL: 'redis://r:6379' }).WORKERS).toBe(2);
    expect(loadConfig({ NODE_ENV: 'test', DATA_DIR: tempDir(), ...SECRETS }).WORKERS).toBe(1);
  });

  it('a data folder from before AUDIT_KEY keeps its secrets and gains the new one', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ JWT_SECRET: SECRETS.JWT_SECRET, PII_KEY: SECRETS.PII_KEY }));
    const c = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir });
    expect([c.jwtSecret, c.piiKey]).toEqual([SECRETS.JWT_SECRET, SECRETS.PII_KEY]);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')).AUDIT_KEY).toBe(c.AUDIT_KEY);
  });

  it('development without secrets generates them once in DATA_DIR/secrets.json and reuses them', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const first = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.piiKey).toMatch(/^[0-9a-f]{64}$/);
    const file = join(dir, 'secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ JWT_SECRET: first.jwtSecret, PII_KEY: first.piiKey, AUDIT_KEY: first.AUDIT_KEY });
    expect(first.AUDIT_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir });
    expect([second.jwtSecret, second.piiKey, second.AUDIT_KEY]).toEqual([first.jwtSecret, first.piiKey, first.AUDIT_KEY]);
    // a secret given in the environment wins over the stored one
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: dir, JWT_SECRET: SECRETS.JWT_SECRET }).jwtSecret).toBe(SECRETS.JWT_SECRET);
  });
});

describe('the embedded database folder lock', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'labor-inspection-lock-'));
  });
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** A separate server process that takes the lock through the real code and then stays up. */
  function holdLockInChild(): Promise<ChildProcess> {
    const script = `require(${JSON.stringify(resolve(__dirname, '../../src/database/data-dir-lock.ts'))}).lockDataDir(process.argv[1]);
      process.stdout.write('locked\\n'); setInterval(() => undefined, 1000);`;
    const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script, dir], {
      cwd: resolve(__dirname, '../..'),
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    return new Promise((ok, fail) => {
      let err = '';
      proc.stderr!.on('data', (d) => (err += d));
      proc.stdout!.on('data', (d) => String(d).includes('locked') && ok(proc));
      proc.on('exit', (code) => fail(new Error(`lock holder exited with ${code}: ${err}`)));
    });
  }

  const exited = (proc: ChildProcess) => new Promise<void>((ok) => (proc.exitCode !== null || proc.signalCode !== null ? ok() : proc.once('exit', () => ok())));

  it('a second process cannot open a folder another live process holds, and is told which folder', async () => {
    const holder = await holdLockInChild();
    let thrown: unknown;
    try {
      lockDataDir(dir);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DataDirLockedError);
    expect((thrown as Error).message).toContain(dir);
    expect((thrown as Error).message).toContain(String(holder.pid));
    expect(readFileSync(join(dir, 'server.lock'), 'utf8')).toBe(String(holder.pid));
  });

  it('a lock left by a process that died is taken over, and released on request', async () => {
    const holder = await holdLockInChild();
    holder.kill('SIGKILL'); // no exit handler runs: the lock file stays behind
    await exited(holder);
    expect(readFileSync(join(dir, 'server.lock'), 'utf8')).toBe(String(holder.pid));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'server.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, 'server.lock'))).toBe(false);
    // and the folder can be locked again afterwards
    lockDataDir(dir)();
  });

  it('a lock file of a pid that does not exist is stale', () => {
    writeFileSync(join(dir, 'server.lock'), '2147483646');
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'server.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
