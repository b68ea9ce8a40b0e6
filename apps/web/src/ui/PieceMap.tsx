import { useEffect, useRef } from 'react';
import type { InFlightProgress } from '@shoal/core';
import { peerColor } from './peer-label.ts';

/** Cells per row: wide enough that a few thousand pieces stay a compact block. */
const COLUMNS = 96;
/** Pixels per cell on the canvas (CSS scales it to the card's width). */
const CELL = 8;

/**
 * Which pieces are stored (green), in flight (in the colour of the peer sending
 * them) and missing (grey). A canvas: thousands of pieces, redrawn a few times a second.
 */
export function PieceMap({
  pieceCount,
  stored,
  inFlight,
}: {
  pieceCount: number;
  stored: Uint8Array;
  inFlight: InFlightProgress[];
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const columns = Math.max(1, Math.min(COLUMNS, pieceCount));
  const rows = Math.max(1, Math.ceil(pieceCount / columns));

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !canvas.current) return;
    const style = getComputedStyle(canvas.current);
    const missing = style.getPropertyValue('--piece-missing').trim() || '#ccc';
    const done = style.getPropertyValue('--piece-stored').trim() || '#1f8f4e';
    context.clearRect(0, 0, columns * CELL, rows * CELL);
    const flying = new Map(inFlight.map((piece) => [piece.index, piece]));
    for (let index = 0; index < pieceCount; index++) {
      const isStored = ((stored[index >> 3] ?? 0) >> (7 - (index & 7))) & 1;
      const piece = flying.get(index);
      context.fillStyle = isStored ? done : piece?.peers[0] ? peerColor(piece.peers[0]) : missing;
      const x = (index % columns) * CELL;
      const y = Math.floor(index / columns) * CELL;
      context.fillRect(x + 1, y + 1, CELL - 2, CELL - 2);
    }
  }, [pieceCount, stored, inFlight, columns, rows]);

  const storedCount = countBits(stored, pieceCount);
  return (
    <figure style={{ margin: 0 }}>
      <canvas
        ref={canvas}
        className="piece-map"
        width={columns * CELL}
        height={rows * CELL}
        role="img"
        aria-label={`Piece map: ${storedCount} of ${pieceCount} pieces stored, ${inFlight.length} in flight`}
      />
      <figcaption className="legend">
        <span>
          <span className="swatch" style={{ background: 'var(--piece-stored)' }} />
          stored
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--piece-flight)' }} />
          in flight (peer colour)
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--piece-missing)' }} />
          missing
        </span>
      </figcaption>
    </figure>
  );
}

function countBits(bits: Uint8Array, limit: number): number {
  let count = 0;
  for (let i = 0; i < limit; i++) count += ((bits[i >> 3] ?? 0) >> (7 - (i & 7))) & 1;
  return count;
}
