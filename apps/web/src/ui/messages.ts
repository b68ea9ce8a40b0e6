// What error codes mean to a person. The UI maps codes, never parses messages.
import type { ConnectivityProblem } from '../net/connectivity-diagnosis.ts';

/** Why no peer can be reached (see diagnoseConnectivity): one sentence for each. */
const CONNECTIVITY_MESSAGES: Readonly<Record<ConnectivityProblem, string>> = {
  'direct-connections-blocked':
    'Your network blocks direct connections and this server offers no relay.',
  'relay-unreachable': "Could not reach any peer, even through this server's relay.",
};

const MESSAGES: Record<string, string> = {
  'malformed-link':
    'This link is not a Shoal share link. Check that it was copied whole, including everything after the #.',
  'quota-exceeded':
    'This browser has run out of storage space for Shoal. The pieces already downloaded are safe. Free some space (for example, delete a share you no longer need below), then press Resume.',
  'store-failed':
    'The browser refused to store a piece. The pieces already downloaded are safe. Press Resume to try again.',
  'source-changed':
    'A shared file changed on disk after it was shared. Peers will not accept its new bytes; share it again.',
  'invalid-source': 'One of the files cannot be shared (its name or size is not allowed).',
  'bad-manifest': 'A peer offered files that do not match this link. Shoal ignored that peer.',
  'save-unavailable':
    'This browser cannot save files from Shoal here. Try a normal (non-private) window.',
  'zip-too-many-files':
    'This share has more files than one ZIP can hold for every unzip program (65,535). Save the files one by one.',
  'save-too-large':
    'Without a service worker (as in a private window), this browser can save at most 512 MiB at once from Shoal. Save the files one by one, or open the link in a normal window.',
  'play-unavailable':
    'This browser cannot play files while they download here (it offers Shoal no service worker, as in private windows). Download the file, then save it.',
  'hashing-failed': 'Reading the files failed. They may have been moved or deleted.',
  aborted: 'Cancelled.',
  'relay-unavailable':
    'Not connecting: "Hide my address from peers" is on, and this server offers no relay to hide it behind. Turn the setting off (in Settings) to connect directly; peers will then see your IP address.',
  ...CONNECTIVITY_MESSAGES,
};

/**
 * Codes whose engine message is written for the user and says what only it can:
 * invalid-source names the file and the reason ('The file name "invoice[U+202E]fdp.exe"
 * contains an invisible direction-changing character (U+202E); …'). Shown as given,
 * never parsed.
 */
const SPEAKS_FOR_ITSELF: ReadonlySet<string> = new Set(['invalid-source']);

/** What `code` means to a person; `detail` is the engine's message, shown only where it speaks for itself or the code is unknown. */
export function messageFor(code: string, detail?: string): string {
  if (detail && SPEAKS_FOR_ITSELF.has(code)) return detail;
  return MESSAGES[code] ?? detail ?? `Something went wrong (${code}).`;
}
