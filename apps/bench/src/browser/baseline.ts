// The ceiling: raw data-channel throughput between two browser processes, with
// the same bytes, the same message size and the same bufferedAmount backpressure
// as Shoal's uploader, but no framing, requests, hashing or storage.
import type { Page } from '@playwright/test';

export interface BaselineOptions {
  /** Path of the file whose bytes are sent. */
  filePath: string;
  size: number;
  messageBytes: number;
  highWaterMark: number;
  lowWaterMark: number;
  /** Bytes whose arrival is timed on their own: Shoal's piece size, for the first-piece comparison. */
  firstBytes: number;
}

export interface BaselineResult {
  bytesPerSecond: number;
  /** From the first send on a fresh channel to `firstBytes` received: what a first piece costs the channel alone. */
  firstBytesMs: number;
}

/** Bytes read from the file per slice: the sender reads as Shoal reads a piece. */
const READ_SLICE_BYTES = 1024 * 1024;

type Signal = { type: RTCSdpType; sdp: string };

/**
 * The page's local description once ICE gathering is complete, so that it
 * carries every candidate (this bench signals once, without trickle).
 */
function gatheredDescription(page: Page): Promise<Signal> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { benchPc: RTCPeerConnection }).benchPc;
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener(
        'icegatheringstatechange',
        () => pc.iceGatheringState === 'complete' && resolve(),
      );
    });
    return { type: pc.localDescription!.type, sdp: pc.localDescription!.sdp };
  });
}

/** Sends the file from `sender` to `receiver`, and times the whole and its first `firstBytes`. */
export async function measureBaseline(
  sender: Page,
  receiver: Page,
  options: BaselineOptions,
): Promise<BaselineResult> {
  await sender.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-file';
    document.body.append(input);
  });
  await sender.setInputFiles('#bench-file', options.filePath);

  await sender.evaluate(async () => {
    const pc = new RTCPeerConnection();
    const channel = pc.createDataChannel('bench', { ordered: true });
    channel.binaryType = 'arraybuffer';
    Object.assign(window, { benchPc: pc, benchChannel: channel });
    await pc.setLocalDescription(await pc.createOffer());
  });
  const offer = await gatheredDescription(sender);

  await receiver.evaluate(async (offer: Signal) => {
    const pc = new RTCPeerConnection();
    const received = new Promise<{ bytes: number; firstBytesAt: number; last: number }>(
      (resolve) => {
        pc.addEventListener('datachannel', ({ channel }) => {
          channel.binaryType = 'arraybuffer';
          let bytes = 0;
          let firstBytesAt = NaN;
          channel.addEventListener('message', (event: MessageEvent<ArrayBuffer>) => {
            const now = performance.timeOrigin + performance.now();
            bytes += event.data.byteLength;
            const w = window as unknown as { benchExpected?: number; benchFirstBytes?: number };
            if (Number.isNaN(firstBytesAt) && bytes >= (w.benchFirstBytes ?? Infinity)) {
              firstBytesAt = now;
            }
            if (w.benchExpected !== undefined && bytes >= w.benchExpected) {
              resolve({ bytes, firstBytesAt, last: now });
            }
          });
        });
      },
    );
    Object.assign(window, { benchPc: pc, benchReceived: received });
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription(await pc.createAnswer());
  }, offer);
  const answer = await gatheredDescription(receiver);

  await receiver.evaluate(
    ({ size, firstBytes }) =>
      Object.assign(window, { benchExpected: size, benchFirstBytes: Math.min(size, firstBytes) }),
    { size: options.size, firstBytes: options.firstBytes },
  );
  const started = await sender.evaluate(
    async ({ answer, options, readSlice }) => {
      const w = window as unknown as { benchPc: RTCPeerConnection; benchChannel: RTCDataChannel };
      await w.benchPc.setRemoteDescription(answer);
      const channel = w.benchChannel;
      if (channel.readyState !== 'open')
        await new Promise((resolve) => channel.addEventListener('open', resolve, { once: true }));
      channel.bufferedAmountLowThreshold = options.lowWaterMark;
      const file = (document.getElementById('bench-file') as HTMLInputElement).files![0]!;
      const start = performance.timeOrigin + performance.now();
      for (let offset = 0; offset < options.size; offset += readSlice) {
        const slice = new Uint8Array(
          await file.slice(offset, Math.min(options.size, offset + readSlice)).arrayBuffer(),
        );
        for (let at = 0; at < slice.length; at += options.messageBytes) {
          if (channel.bufferedAmount > options.highWaterMark) {
            await new Promise((resolve) =>
              channel.addEventListener('bufferedamountlow', resolve, { once: true }),
            );
          }
          channel.send(slice.subarray(at, Math.min(slice.length, at + options.messageBytes)));
        }
      }
      return start;
    },
    { answer, options, readSlice: READ_SLICE_BYTES },
  );
  const result = await receiver.evaluate(
    () =>
      (
        window as unknown as {
          benchReceived: Promise<{ bytes: number; firstBytesAt: number; last: number }>;
        }
      ).benchReceived,
  );
  await Promise.all(
    [sender, receiver].map((page) =>
      page.evaluate(() => (window as unknown as { benchPc: RTCPeerConnection }).benchPc.close()),
    ),
  );
  return {
    bytesPerSecond: result.bytes / ((result.last - started) / 1000),
    firstBytesMs: result.firstBytesAt - started,
  };
}
