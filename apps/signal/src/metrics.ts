// Counters for /metrics in the Prometheus text format (version 0.0.4). With Redis,
// each process reports its own numbers; Prometheus sums them across processes.
import { SIGNALING_ERROR_CODES, type SignalingErrorCode } from '@shoal/protocol';
import { STUN_DROP_REASONS, type StunDropReason } from './stun-message.ts';

export interface Gauges {
  connectedClients: number;
  rooms: number;
  /** Distinct client addresses (IPv4, or IPv6 /64) with an open connection. */
  clientAddresses: number;
}

export class Metrics {
  connectionsTotal = 0;
  joinsTotal = 0;
  leavesTotal = 0;
  signalsRelayedTotal = 0;
  abusiveDisconnectsTotal = 0;
  forbiddenOriginsTotal = 0;
  addressLimitRefusalsTotal = 0;
  readonly refusals = new Map<SignalingErrorCode, number>(
    SIGNALING_ERROR_CODES.map((code) => [code, 0]),
  );
  /** Datagrams that reached the embedded STUN server. */
  stunDatagramsTotal = 0;
  stunResponsesTotal = 0;
  /** Responses the socket failed to send. */
  stunSendErrorsTotal = 0;
  readonly stunDrops = new Map<StunDropReason, number>(
    STUN_DROP_REASONS.map((reason) => [reason, 0]),
  );

  refused(code: SignalingErrorCode): void {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }

  stunDropped(reason: StunDropReason): void {
    this.stunDrops.set(reason, (this.stunDrops.get(reason) ?? 0) + 1);
  }

  render(gauges: Gauges): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'gauge' | 'counter', help: string, value: number) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
    };
    metric(
      'shoal_signal_connected_clients',
      'gauge',
      'Socket.io clients connected to this process.',
      gauges.connectedClients,
    );
    metric(
      'shoal_signal_rooms',
      'gauge',
      'Rooms with at least one member on this process.',
      gauges.rooms,
    );
    metric(
      'shoal_signal_client_addresses',
      'gauge',
      'Distinct client addresses (IPv4, or IPv6 /64) with a connection open to this process.',
      gauges.clientAddresses,
    );
    metric(
      'shoal_signal_connections_total',
      'counter',
      'Connections accepted since start.',
      this.connectionsTotal,
    );
    metric('shoal_signal_joins_total', 'counter', 'Successful room joins.', this.joinsTotal);
    metric('shoal_signal_leaves_total', 'counter', 'Explicit room leaves.', this.leavesTotal);
    metric(
      'shoal_signal_signals_relayed_total',
      'counter',
      'Signals relayed to a peer.',
      this.signalsRelayedTotal,
    );
    metric(
      'shoal_signal_abusive_disconnects_total',
      'counter',
      'Connections cut for too many refusals.',
      this.abusiveDisconnectsTotal,
    );
    metric(
      'shoal_signal_forbidden_origins_total',
      'counter',
      'Connections refused because their page came from another site.',
      this.forbiddenOriginsTotal,
    );
    metric(
      'shoal_signal_address_limit_refusals_total',
      'counter',
      'Connections refused because their address had MAX_CONNECTIONS_PER_ADDRESS open.',
      this.addressLimitRefusalsTotal,
    );
    const labelled = (name: string, help: string, counts: Map<string, number>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [reason, count] of counts) lines.push(`${name}{reason="${reason}"} ${count}`);
    };
    labelled('shoal_signal_refusals_total', 'Requests refused, by error code.', this.refusals);
    metric(
      'shoal_signal_stun_datagrams_total',
      'counter',
      'UDP datagrams received by the embedded STUN server.',
      this.stunDatagramsTotal,
    );
    metric(
      'shoal_signal_stun_responses_total',
      'counter',
      'STUN binding responses sent.',
      this.stunResponsesTotal,
    );
    metric(
      'shoal_signal_stun_send_errors_total',
      'counter',
      'STUN binding responses the socket failed to send.',
      this.stunSendErrorsTotal,
    );
    labelled(
      'shoal_signal_stun_dropped_total',
      'STUN datagrams dropped unanswered, by reason.',
      this.stunDrops,
    );
    return `${lines.join('\n')}\n`;
  }
}
