// The README says what lint forbids where; these lint forbidden code as if it
// stood in a real file of each package (so the rules for that path, and the
// type-aware ones, apply) and expect the rule that forbids it to fire.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A real file of each place, whose rules apply to the text linted in its name. */
const IN = {
  protocol: 'packages/protocol/src/index.ts',
  core: 'packages/core/src/bytes.ts',
  web: 'apps/web/src/ui/format.ts',
  webComponent: 'apps/web/src/ui/SessionNotices.tsx',
} as const;

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function rulesFiring(place: keyof typeof IN, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${IN[place]}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `parse: ${m.message}`);
}

// The first lint of each place builds its TypeScript program: seconds, more on a busy machine.
describe('lint enforces the architecture', { timeout: 60_000 }, () => {
  it.each([
    ['protocol', "import { Swarm } from '../../core/src/swarm.ts';\nexport const x = Swarm;\n"],
    ['protocol', "import { Swarm } from '@shoal/core';\nexport const x = Swarm;\n"],
    [
      'core',
      "import { startCoturn } from '../../testkit/src/coturn.ts';\nexport const x = startCoturn;\n",
    ],
    ['core', "import wrtc from '@roamhq/wrtc';\nexport const x = wrtc;\n"],
    ['core', "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n"],
    ['web', "import { startCoturn } from '@shoal/testkit';\nexport const x = startCoturn;\n"],
    [
      'web',
      "import { MemoryPieceStore } from '@shoal/core/testing';\nexport const x = MemoryPieceStore;\n",
    ],
  ] as const)('refuses, in %s, %j', async (place, code) => {
    expect(await rulesFiring(place, code)).toContain('no-restricted-imports');
  });

  it.each([
    "export const x = Buffer.from('x');\n",
    "export const x = process.env['X'];\n",
    "export const x = () => fetch('http://127.0.0.1/');\n",
    "export const x = () => new WebSocket('ws://127.0.0.1/');\n",
  ])('refuses the platform global in core: %j', async (code) => {
    expect(await rulesFiring('core', code)).toContain('no-restricted-globals');
  });

  it('refuses a hook called conditionally', async () => {
    const code = [
      "import { useState } from 'react';",
      'export function H({ on }: { on: boolean }) {',
      '  if (on) {',
      '    const [v] = useState(0);',
      '    return <p>{v}</p>;',
      '  }',
      '  return null;',
      '}',
      '',
    ].join('\n');
    expect(await rulesFiring('webComponent', code)).toContain('react-hooks/rules-of-hooks');
  });

  it.each(['core', 'web'] as const)('refuses a floating promise in %s', async (place) => {
    const code = 'export function x(save: () => Promise<void>): void {\n  save();\n}\n';
    expect(await rulesFiring(place, code)).toContain('@typescript-eslint/no-floating-promises');
  });

  it('lets each place import what the layering allows', async () => {
    const allowed = [
      ['protocol', "import { ok } from './result.ts';\nexport const x = ok;\n"],
      ['core', "import { encodeFrame } from '@shoal/protocol';\nexport const x = encodeFrame;\n"],
      ['web', "import { Swarm } from '@shoal/core';\nexport const x = Swarm;\n"],
    ] as const;
    for (const [place, code] of allowed) expect(await rulesFiring(place, code)).toEqual([]);
  });
});
