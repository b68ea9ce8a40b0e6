export { ok, err, type Result } from './result.ts';
export * from './signaling/index.ts';
export * from './wire/index.ts';
