import { describe, expect, it } from 'vitest';
import { isBackgroundUtility, parseStatus, sumTree } from './proc-memory.ts';

describe('parseStatus', () => {
  it('reads the parent pid and resident kilobytes', () => {
    expect(parseStatus('Name:\tchrome\nPPid:\t41\nVmRSS:\t  123456 kB\n')).toEqual({
      ppid: 41,
      rssKiB: 123456,
    });
  });
  it('counts a kernel thread without VmRSS as zero', () => {
    expect(parseStatus('Name:\tkthreadd\nPPid:\t0\n')).toEqual({ ppid: 0, rssKiB: 0 });
  });
});

describe('sumTree', () => {
  const table = new Map([
    [10, { ppid: 1, rssKiB: 100 }],
    [11, { ppid: 10, rssKiB: 20 }],
    [12, { ppid: 11, rssKiB: 3 }],
    [20, { ppid: 1, rssKiB: 999 }],
  ]);
  it('adds the root and all its descendants, and nothing else', () => {
    expect(sumTree(table, 10)).toBe(123);
    expect(sumTree(table, 11)).toBe(23);
  });
  it('leaves out the processes it is told to, and only those (their children still count)', () => {
    expect(sumTree(table, 10, (pid) => pid !== 11)).toBe(103);
  });
});

describe('isBackgroundUtility', () => {
  const cmdline = (...args: string[]) => ['/usr/lib/chromium/chromium', ...args].join('\0') + '\0';
  it("knows Chromium's on-device model service by its utility sub-type", () => {
    expect(
      isBackgroundUtility(
        cmdline('--type=utility', '--utility-sub-type=on_device_model.mojom.OnDeviceModelService'),
      ),
    ).toBe(true);
  });
  it('knows it when Chromium has rewritten its command line as one line with spaces', () => {
    const retitled =
      '/usr/lib/chromium/chromium --type=utility --utility-sub-type=on_device_model.mojom.OnDeviceModelService --lang=en-US --service-sandbox-type=none';
    expect(isBackgroundUtility(retitled)).toBe(true);
    expect(
      isBackgroundUtility(
        '/usr/lib/chromium/chromium --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US',
      ),
    ).toBe(false);
  });
  it('counts every other process: the network service, renderers, the browser', () => {
    expect(
      isBackgroundUtility(
        cmdline('--type=utility', '--utility-sub-type=network.mojom.NetworkService'),
      ),
    ).toBe(false);
    expect(isBackgroundUtility(cmdline('--type=renderer'))).toBe(false);
    expect(isBackgroundUtility(cmdline('--user-data-dir=/tmp/p'))).toBe(false);
  });
});
