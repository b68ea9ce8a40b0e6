import { BLOCK_BYTES, TRANSPORT_LOW_WATER_MARK, UPLOAD_HIGH_WATER_MARK } from '@shoal/core';
import { PIECE_FRAME_PREFIX_BYTES } from '@shoal/protocol';
import { startSignalServer } from '@shoal/testkit';
import { measureBaseline } from './browser/baseline.ts';
import { launchPeer } from './browser/browsers.ts';
import { download, share } from './browser/shoal-runs.ts';
import { writeRandomFile } from './browser/random-file.ts';
const server = await startSignalServer({ entry: 'dist' });
const size = 128 * 1024 * 1024;
await writeRandomFile('/tmp/single.bin', size);
const s = await launchPeer(server.url);
const { link } = await share(s.page, '/tmp/single.bin');
for (let i = 0; i < 2; i++) {
  const a = await launchPeer(`${server.url}/healthz`);
  const b = await launchPeer(`${server.url}/healthz`);
  const rate = await measureBaseline(a.page, b.page, {
    filePath: '/tmp/single.bin',
    size,
    messageBytes: BLOCK_BYTES + PIECE_FRAME_PREFIX_BYTES,
    highWaterMark: UPLOAD_HIGH_WATER_MARK,
    lowWaterMark: TRANSPORT_LOW_WATER_MARK,
  });
  await a.close();
  await b.close();
  const d = await launchPeer(server.url);
  const ms = await download(d.page, link);
  await d.close();
  console.log(
    `baseline ${(rate / 1048576).toFixed(1)} shoal ${(size / 1048576 / (ms / 1000)).toFixed(1)} MiB/s`,
  );
}
await s.close();
await server.stop();
