/**
 * Jest runs every test under test/ through ts-jest (CommonJS), in band: the integration tests
 * share one database prepared by test/support/global-setup.ts (embedded PGlite in a temp folder,
 * or the PostgreSQL at DATABASE_URL). The fault tests (test/faults/) kill backends, restart a
 * private PostgreSQL and stop a private Redis; the replica tests (test/replica/) stream a private
 * primary to a standby. Both run only against PostgreSQL (the .ci/run pass with DATABASE_URL), and
 * the embedded run leaves them out entirely rather than skipping them.
 */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: process.env.DATABASE_URL ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/faults/', '<rootDir>/test/replica/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60000,
  maxWorkers: 1,
};
