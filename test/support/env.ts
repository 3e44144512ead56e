/**
 * The test environment: one database prepared by global-setup (the embedded engine in a temp
 * folder, or DATABASE_URL when set), fixed secrets, quiet logs.
 */
export const TEST_ENV = {
  NODE_ENV: 'test',
  PORT: '0',
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  PII_KEY: 'c911ac7b0f38f67b77bedd65e45c346ae9178af9e8d94accf876904f64ef2964',
  AUDIT_KEY: '5b1f0e9d2c7a4836a1e0d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4',
  SEED_DEMO: 'false',
  OVERDUE_SWEEP_SECONDS: '0',
  // The suite logs in far more often than any client; the rate-limit tests set their own limits.
  RATE_LIMIT_PUBLIC: '1000000',
  RATE_LIMIT_LOGIN: '1000000',
};

export function testEnv(): NodeJS.ProcessEnv {
  return { ...TEST_ENV, DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.TEST_REDIS_URL };
}
