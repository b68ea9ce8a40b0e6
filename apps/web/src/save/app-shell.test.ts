import { describe, expect, it } from 'vitest';
import { assetsOf } from './app-shell.ts';

describe('assetsOf', () => {
  it('finds the built scripts and styles index.html loads, once each', () => {
    const html = `<script type="module" crossorigin src="/assets/index-AbC123.js"></script>
      <link rel="stylesheet" crossorigin href="/assets/index-XyZ.css">
      <link rel="modulepreload" href="/assets/index-AbC123.js">
      <link rel="manifest" href="/manifest.webmanifest">`;
    expect(assetsOf(html)).toEqual(['/assets/index-AbC123.js', '/assets/index-XyZ.css']);
  });
});
