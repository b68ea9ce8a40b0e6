import { describe, expect, it } from 'vitest';
import { releaseAtEnd } from './release-at-end.ts';

/** A stream the test drives: it hands out `chunks`, then ends or fails when told; it records a cancel. */
function source(chunks: string[]) {
  const events: string[] = [];
  let controller!: ReadableStreamDefaultController<string>;
  const stream = new ReadableStream<string>(
    {
      start(c) {
        controller = c;
        for (const chunk of chunks) controller.enqueue(chunk);
      },
      cancel() {
        events.push('source cancelled');
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    events,
    end: () => controller.close(),
    fail: () => controller.error(new Error('broken')),
  };
}

describe('releaseAtEnd', () => {
  it('passes every chunk on and releases once the stream has been read to its end, not before', async () => {
    const { stream, events, end } = source(['a', 'b']);
    const reader = releaseAtEnd(stream, () => events.push('released')).getReader();
    expect(await reader.read()).toEqual({ done: false, value: 'a' });
    expect(await reader.read()).toEqual({ done: false, value: 'b' });
    const last = reader.read();
    expect(events).toEqual([]);
    end();
    expect(await last).toEqual({ done: true, value: undefined });
    expect(events).toEqual(['released']);
  });

  it('releases when the reader cancels, after the cancel has reached the stream', async () => {
    const { stream, events } = source(['a']);
    const reader = releaseAtEnd(stream, () => events.push('released')).getReader();
    await reader.read();
    expect(events).toEqual([]);
    await reader.cancel('player closed');
    expect(events).toEqual(['source cancelled', 'released']);
  });

  it('releases when the stream fails, and hands the failure to the reader', async () => {
    const { stream, events, fail } = source([]);
    const reader = releaseAtEnd(stream, () => events.push('released')).getReader();
    const read = reader.read();
    fail();
    await expect(read).rejects.toThrow('broken');
    expect(events).toEqual(['released']);
  });

  it('releases only once, even when a reader that read to the end cancels too', async () => {
    const { stream, end } = source([]);
    let released = 0;
    const reader = releaseAtEnd(stream, () => released++).getReader();
    end();
    await reader.read();
    await reader.cancel();
    expect(released).toBe(1);
  });
});
