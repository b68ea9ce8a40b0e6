import { describe, expect, it } from 'vitest';
import {
  attemptEnding,
  diagnoseConnectivity,
  offersRelay,
  type ConnectivityFacts,
  type IceProgress,
} from './connectivity-diagnosis.ts';

const CHECKED: IceProgress = { failed: false, connected: false, described: true };
const UNANSWERED: IceProgress = { failed: false, connected: false, described: false };

describe('attemptEnding', () => {
  it("counts ICE saying 'failed' as ICE failing, however the attempt then ended", () => {
    const failed = { ...CHECKED, failed: true };
    expect(attemptEnding({ errorCode: 'ERR_ICE_CONNECTION_FAILURE' }, failed)).toBe('ice-failed');
    expect(attemptEnding({ timedOut: true }, failed)).toBe('ice-failed');
  });

  it('counts a timeout after both descriptions were exchanged and ICE never connected as ICE failing', () => {
    expect(attemptEnding({ timedOut: true }, CHECKED)).toBe('ice-failed');
  });

  it('does not blame ICE for a timeout with no answer: the peer never took part', () => {
    expect(attemptEnding({ timedOut: true }, UNANSWERED)).toBe('timed-out');
  });

  it('does not blame ICE for a timeout after ICE connected', () => {
    expect(attemptEnding({ timedOut: true }, { ...CHECKED, connected: true })).toBe('timed-out');
  });

  it('blames ICE for the whole connection failing only if ICE never connected', () => {
    const code = { errorCode: 'ERR_CONNECTION_FAILURE' };
    expect(attemptEnding(code, CHECKED)).toBe('ice-failed');
    expect(attemptEnding(code, { ...CHECKED, connected: true })).toBe('error');
  });

  it('calls other simple-peer errors errors', () => {
    expect(attemptEnding({ errorCode: 'ERR_SET_REMOTE_DESCRIPTION' }, CHECKED)).toBe('error');
    expect(attemptEnding({ errorCode: undefined }, UNANSWERED)).toBe('error');
  });
});

describe('diagnoseConnectivity', () => {
  const failing: ConnectivityFacts = {
    knownPeers: 2,
    openConnections: 0,
    iceFailures: 1,
    relayOffered: false,
  };

  it('says the network blocks direct connections when ICE failed and the server offers no relay', () => {
    expect(diagnoseConnectivity(failing)).toBe('direct-connections-blocked');
  });

  it('says no peer could be reached through the relay when ICE failed with one offered', () => {
    expect(diagnoseConnectivity({ ...failing, relayOffered: true })).toBe('relay-unreachable');
  });

  it('says nothing while a connection is open', () => {
    expect(diagnoseConnectivity({ ...failing, openConnections: 1 })).toBeNull();
  });

  it('says nothing while no attempt has failed at ICE (attempts may be running, or failed otherwise)', () => {
    expect(diagnoseConnectivity({ ...failing, iceFailures: 0 })).toBeNull();
  });

  it('says nothing with no peer in the room to reach', () => {
    expect(diagnoseConnectivity({ ...failing, knownPeers: 0 })).toBeNull();
  });
});

describe('offersRelay', () => {
  it('finds a turn: or turns: URL, alone or in a list', () => {
    expect(offersRelay([{ urls: 'turn:turn.example.org:3478?transport=udp' }])).toBe(true);
    expect(
      offersRelay([{ urls: 'stun:stun.example.org' }, { urls: ['stun:a', 'turns:b:443'] }]),
    ).toBe(true);
  });

  it('does not count STUN, or no servers at all, as a relay', () => {
    expect(offersRelay([{ urls: ['stun:stun.example.org:3478'] }])).toBe(false);
    expect(offersRelay([])).toBe(false);
  });
});
