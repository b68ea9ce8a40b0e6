import { SignalingClient } from '../net/signaling-client.ts';

let client: SignalingClient | undefined;

/** The tab's one signaling connection, opened on first use. */
export function signaling(): SignalingClient {
  client ??= new SignalingClient();
  return client;
}
