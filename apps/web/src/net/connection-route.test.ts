import { describe, expect, it } from 'vitest';
import { connectionRoute, selectedCandidatePair } from './connection-route.ts';
import {
  BEFORE_ICE,
  CHROMIUM_CHECKING,
  CHROMIUM_DIRECT,
  CHROMIUM_RELAY,
  CHROMIUM_RELAY_TO_SRFLX,
  FIREFOX_DIRECT,
  FIREFOX_RELAY,
  statsReport,
} from './stats-fixtures.ts';

describe('connectionRoute', () => {
  it("calls Chromium's host-to-host connection direct, from the pair its transport names", () => {
    expect(connectionRoute(statsReport(CHROMIUM_DIRECT))).toBe('direct');
  });

  it("calls Chromium's connection between two relay candidates relayed", () => {
    expect(connectionRoute(statsReport(CHROMIUM_RELAY))).toBe('relay');
  });

  it('calls a connection relayed when only one end is a relay candidate', () => {
    expect(connectionRoute(statsReport(CHROMIUM_RELAY_TO_SRFLX))).toBe('relay');
  });

  it("calls Firefox's host-to-peer-reflexive connection direct, from the pair marked selected", () => {
    expect(connectionRoute(statsReport(FIREFOX_DIRECT))).toBe('direct');
  });

  it("calls Firefox's connection between two relay candidates relayed", () => {
    expect(connectionRoute(statsReport(FIREFOX_RELAY))).toBe('relay');
  });

  it('does not know the route before ICE has a pair, or while it is still checking', () => {
    expect(connectionRoute(statsReport(BEFORE_ICE))).toBe('unknown');
    expect(connectionRoute(statsReport(CHROMIUM_CHECKING))).toBe('unknown');
  });

  it('does not know the route when the pair names a candidate the report lacks', () => {
    const missing = FIREFOX_DIRECT.filter((entry) => entry.type !== 'remote-candidate');
    expect(connectionRoute(statsReport(missing))).toBe('unknown');
  });
});

describe('selectedCandidatePair', () => {
  it("follows Chromium's transport after the path changed, not the first nominated pair", () => {
    // The waiting pair (192.0.2.2 to 192.0.2.2) became the one in use; the first still reads nominated.
    const changed = CHROMIUM_DIRECT.map((entry) =>
      entry.type === 'transport'
        ? { ...entry, selectedCandidatePairId: 'CPcECmSRVd_NRVhpzy5' }
        : entry.id === 'CPcECmSRVd_NRVhpzy5'
          ? { ...entry, nominated: true, state: 'succeeded' }
          : entry,
    );
    expect(selectedCandidatePair(statsReport(changed))?.id).toBe('CPcECmSRVd_NRVhpzy5');
  });

  it('falls back to a nominated, succeeded pair where the browser marks none as selected', () => {
    const unmarked = FIREFOX_DIRECT.map(({ selected: _, ...entry }) => entry);
    expect(selectedCandidatePair(statsReport(unmarked))?.id).toBe('16655b26');
  });
});
