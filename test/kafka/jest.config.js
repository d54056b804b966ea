/**
 * Kafka integration tests (`npm run test:kafka`): the relay against librdkafka's mock cluster
 * (kcat). Kept out of the default `npm test`: these files are named *.kafka-spec.ts.
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/kafka'],
  testMatch: ['**/*.kafka-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }] },
  moduleNameMapper: {
    '^@benefit/(shared|event-store|policy|domain|projections|vault|runtime|workflows)$': '<rootDir>/libs/$1/src',
    '^@benefit/(shared|event-store|policy|domain|projections|vault|runtime|workflows)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  // builds dist/: one test runs the relay's real entry point as a child process
  globalSetup: '<rootDir>/test/global-setup.js',
  testTimeout: 120000,
};
