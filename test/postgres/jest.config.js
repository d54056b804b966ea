/**
 * PostgreSQL read-model tests (`npm run test:postgres`): the Kysely adapter against a real server
 * (READMODEL_TEST_URL, default postgres://postgres@127.0.0.1:5432/test), each file in a fresh
 * schema. Kept out of the default `npm test`: these files are named *.postgres-spec.ts.
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/postgres'],
  testMatch: ['**/test/postgres/**/*.postgres-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }] },
  moduleNameMapper: {
    '^@benefit/(shared|event-store|policy|domain|projections|vault|runtime|workflows)$': '<rootDir>/libs/$1/src',
    '^@benefit/(shared|event-store|policy|domain|projections|vault|runtime|workflows)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 120000,
};
