import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Bytes written per call: large enough to be fast, small enough not to matter in memory. */
const WRITE_CHUNK = 8 * 1024 * 1024;

/** Writes `size` random bytes to `path`, in chunks. */
export async function writeRandomFile(path: string, size: number): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (let written = 0; written < size; written += WRITE_CHUNK) {
      await file.write(randomBytes(Math.min(WRITE_CHUNK, size - written)));
    }
  } finally {
    await file.close();
  }
}
