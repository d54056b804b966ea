export * from './parameters';
export * from './claim';
export * from './pack';
export * from './chain';
export * from './registry';
