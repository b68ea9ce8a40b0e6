export { ok, err, type Result } from './result.ts';
