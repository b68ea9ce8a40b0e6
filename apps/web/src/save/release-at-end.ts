// Tells when a stream will not be read any more: read to its end, failed, or
// cancelled by its reader (a download cancelled, a player that seeked or
// closed). The service worker closes a share's database then, since an open
// connection holds up a Delete of the share, and KeepAlive stops asking its pages.

/**
 * `stream`, passed through as it is read. `release` is called once: when the
 * stream has ended or failed, or after its reader's cancel has reached it;
 * never while it may still be read.
 */
export function releaseAtEnd<T>(stream: ReadableStream<T>, release: () => void): ReadableStream<T> {
  let released = false;
  const end = () => {
    if (released) return;
    released = true;
    release();
  };
  const reader = stream.getReader();
  return new ReadableStream<T>(
    {
      async pull(controller) {
        let next: ReadableStreamReadResult<T>;
        try {
          next = await reader.read();
        } catch (error) {
          end();
          throw error;
        }
        if (!next.done) return controller.enqueue(next.value);
        end();
        controller.close();
      },
      async cancel(reason) {
        try {
          await reader.cancel(reason);
        } finally {
          end();
        }
      },
    },
    // Read from `stream` only when asked: it sets its own read-ahead.
    { highWaterMark: 0 },
  );
}
