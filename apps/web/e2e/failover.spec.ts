import {
  expect,
  test,
  percentDone,
  randomFile,
  saveAndRead,
  setUploadLimit,
  sha256,
  shareFiles,
  startDownload,
  startLoadBalancer,
  startRedis,
  startSignalServer,
  waitForComplete,
  type LoadBalancer,
  type RunningRedis,
  type RunningSignalServer,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

let redis: RunningRedis | undefined;
let servers: RunningSignalServer[] = [];
let balancer: LoadBalancer | undefined;
test.afterEach(async () => {
  await balancer?.close();
  for (const server of servers) await server.stop();
  servers = [];
  await redis?.stop();
});

test('when one of two signaling processes on Redis dies, its clients reconnect to the other and the swarm goes on', async ({
  browser,
}) => {
  redis = await startRedis();
  for (let i = 0; i < 2; i++) {
    servers.push(await startSignalServer({ entry: 'dist', env: { REDIS_URL: redis.url } }));
  }
  balancer = await startLoadBalancer(servers.map((server) => server.port));
  const context = () => browser.newContext({ acceptDownloads: true, baseURL: balancer!.url });

  const file = randomFile('failover.bin', 8 * MIB);
  const sharer = await (await context()).newPage();
  await sharer.goto('/');
  await setUploadLimit(sharer, 1);
  const link = await shareFiles(sharer, [file]);
  const downloader = await (await context()).newPage();
  await startDownload(downloader, link, file.name);
  await expect.poll(() => percentDone(downloader), { timeout: 30_000 }).toBeGreaterThan(0);
  // Round robin put the two browsers' sockets on different processes.
  expect([...balancer.connectionsByBackend().values()].every((count) => count > 0)).toBe(true);

  // One process dies; its clients reconnect through the balancer to the survivor.
  const [dying, surviving] = servers;
  await dying!.stop();
  const survivorHealth = async () =>
    (await (await fetch(`${surviving!.url}/healthz`)).json()) as { connectedClients: number };
  await expect
    .poll(async () => (await survivorHealth()).connectedClients, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(2);
  for (const page of [sharer, downloader]) {
    await expect(page.getByText('Lost the signaling server')).toBeHidden({ timeout: 30_000 });
  }

  await waitForComplete(downloader, 90_000);
  expect(sha256(await saveAndRead(downloader, file.name))).toBe(sha256(file.buffer));
  // And the rejoined room works for a newcomer, who finds both through the survivor.
  const newcomer = await (await context()).newPage();
  await startDownload(newcomer, link, file.name);
  await waitForComplete(newcomer, 90_000);
  expect(sha256(await saveAndRead(newcomer, file.name))).toBe(sha256(file.buffer));
});
