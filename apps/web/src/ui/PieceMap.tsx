import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Bitfield, type InFlightProgress } from '@shoal/core';
import { useFormats } from '../i18n/use-formats.ts';
import { peerColor } from './peer-label.ts';

/** Cells per row: wide enough that a few thousand pieces stay a compact block. */
const COLUMNS = 96;
/** Pixels per cell on the canvas (CSS scales it to the card's width). */
const CELL = 8;
/**
 * Smallest a cell is shown, in CSS pixels: a narrower screen (a phone, 390 px)
 * gets fewer columns and more rows, not cells too small to tell apart.
 */
const MIN_SHOWN_CELL = 6;

/**
 * Which pieces are stored (green), in flight (in the colour of the peer sending
 * them), missing (grey) and not chosen (a grey outline: no chosen file needs
 * them). A canvas: thousands of pieces, redrawn a few times a second.
 */
export function PieceMap({
  pieceCount,
  stored,
  inFlight,
  wanted,
}: {
  pieceCount: number;
  stored: Uint8Array;
  inFlight: InFlightProgress[];
  /** Pieces the chosen files need (a bitfield like `stored`); absent: all of them. */
  wanted?: Uint8Array;
}) {
  const { t } = useTranslation();
  const formats = useFormats();
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<HTMLElement>(null);
  const width = useWidth(frame);
  const fit = width === null ? COLUMNS : Math.floor(width / MIN_SHOWN_CELL);
  const columns = Math.max(1, Math.min(COLUMNS, fit, pieceCount));
  const rows = Math.max(1, Math.ceil(pieceCount / columns));

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !canvas.current) return;
    const style = getComputedStyle(canvas.current);
    const missing = style.getPropertyValue('--piece-missing').trim() || '#ccc';
    const done = style.getPropertyValue('--piece-stored').trim() || '#1f8f4e';
    context.clearRect(0, 0, columns * CELL, rows * CELL);
    const have = new Bitfield(pieceCount, stored);
    const chosen = wanted ? new Bitfield(pieceCount, wanted) : null;
    const flying = new Map(inFlight.map((piece) => [piece.index, piece]));
    for (let index = 0; index < pieceCount; index++) {
      const isStored = have.get(index);
      const piece = flying.get(index);
      const x = (index % columns) * CELL;
      const y = Math.floor(index / columns) * CELL;
      if (!isStored && !piece && chosen && !chosen.get(index)) {
        context.strokeStyle = missing;
        context.strokeRect(x + 1.5, y + 1.5, CELL - 3, CELL - 3);
        continue;
      }
      context.fillStyle = isStored ? done : piece?.peers[0] ? peerColor(piece.peers[0]) : missing;
      context.fillRect(x + 1, y + 1, CELL - 2, CELL - 2);
    }
  }, [pieceCount, stored, inFlight, wanted, columns, rows]);

  const storedCount = new Bitfield(pieceCount, stored).count;
  const skipped = wanted ? pieceCount - new Bitfield(pieceCount, wanted).count : 0;
  return (
    <figure ref={frame} style={{ margin: 0 }}>
      <canvas
        ref={canvas}
        className="piece-map"
        width={columns * CELL}
        height={rows * CELL}
        role="img"
        aria-label={t(skipped > 0 ? 'pieceMap.labelSkipped' : 'pieceMap.label', {
          stored: formats.count(storedCount),
          total: formats.count(pieceCount),
          inFlight: formats.count(inFlight.length),
          skipped: formats.count(skipped),
        })}
      />
      <figcaption className="legend">
        <span>
          <span className="swatch" style={{ background: 'var(--piece-stored)' }} />
          {t('pieceMap.stored')}
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--piece-flight)' }} />
          {t('pieceMap.inFlight')}
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--piece-missing)' }} />
          {t('pieceMap.missing')}
        </span>
        {skipped > 0 ? (
          <span>
            <span className="swatch outline" />
            {t('pieceMap.notChosen')}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}

/** The element's content width in CSS pixels, kept up to date; null until measured. */
function useWidth(element: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const target = element.current;
    if (!target || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.round(entry.contentRect.width));
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return width;
}
