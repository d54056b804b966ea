/** Unit, contract, property and HTTP end-to-end tests. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }] },
  moduleNameMapper: {
    '^@benefit/(shared|event-store|policy|domain|projections|vault|runtime|workflows)$': '<rootDir>/libs/$1/src',
    '^@benefit/(shared|event-store|policy|domain|projections|vault|runtime|workflows)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  globalSetup: '<rootDir>/test/global-setup.js',
  testTimeout: 30000,
};
