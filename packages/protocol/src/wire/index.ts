export * from './frames.ts';
export * from './manifest.ts';
